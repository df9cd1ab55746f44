"""Wire schemas of the platform API (pydantic), shared by Studio and the Hub."""
