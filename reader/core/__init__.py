"""Qt-free and spaCy-free core: data model, errors, loaders, filtering."""
