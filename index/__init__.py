"""The build step: articles under content/ → the Whoosh index shipped with the function."""
