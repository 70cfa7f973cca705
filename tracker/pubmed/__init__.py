"""PubMed access: query language, E-utilities client, XML parser."""
