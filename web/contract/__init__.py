"""The API's contract as pydantic models: the answers the serializers build (responses), the request bodies
(requests), both derived from the FieldSpecs where the data has them (fields), and the OpenAPI components
generated from these classes (components; web.api.openapi assembles the document)."""
