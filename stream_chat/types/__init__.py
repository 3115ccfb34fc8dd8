"""Public types: responses, rate limits and the TypedDicts of request options."""
