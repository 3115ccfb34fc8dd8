"""Package metadata."""

__version__ = "4.33.0"
__maintainer__ = "stream-chat-typed"
__email__ = ""
__copyright__ = "MIT"
