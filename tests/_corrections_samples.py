"""The article the corrections tests of the window and the command line correct: a quote by the
wrong speaker is easy to make, a quote and a figure the model leaves without what they mean."""

HARBOUR = (
    "Harbour plan splits the council\n\n"
    "Mayor Anna Lee said on Monday that the flood barrier would cost $48 million. "
    '"We will build it," Lee said.\n\n'
    "Tom Reyes, who leads the Harbour Trust, said the plan was rushed. "
    "The trust raised 12 objections to the design.\n"
)
