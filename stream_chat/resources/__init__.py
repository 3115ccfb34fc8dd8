"""Client methods by resource group.

Each module holds the request builders of a group (functions returning a
``Call``) and two thin classes mixed into the clients: ``Sync<Group>`` for
``StreamChat`` and ``Async<Group>`` for ``StreamChatAsync``, whose methods have
the same names and parameters.
"""
