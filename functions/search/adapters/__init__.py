"""The function's adapters to what lies outside the search core: the DynamoDB feedback table and the
partners' configuration (shipped with each index build; CORS and partner checks read it).

The search core (`tayori/`) is shared by the build, the bench and the function and imports none of this.
"""
