"""The words of saying: reporting verbs, phrases and role nouns, by family.

Every entry is a lemma (spaCy's ``token.lemma_``, lower case). The families document why a word is
here; the extractor uses the unions below.

Reporting verbs (a cue for direct and indirect speech):
- ``SAY``: plain saying and stating (say, state, tell, add, note, write, tweet, explain ...);
- ``WARN``: warning and predicting (warn, caution, predict ...);
- ``CLAIM``: asserting and arguing (claim, insist, argue, contend, maintain ...);
- ``ADMIT``: conceding and confirming (admit, acknowledge, concede, confirm, deny ...);
- ``ANNOUNCE``: announcing and reporting (announce, report, reveal, disclose, declare ...);
- ``ASK``: asking and answering (ask, reply, respond, answer ...), direct speech only unless a
  clause follows;
- ``PROMISE``: committing (promise, vow, pledge, threaten, urge ...), also with a ``to`` clause;
- ``THINK``: attitude verbs the news reports like speech (believe, think, suggest, hope, fear ...),
  used only with a reported clause (``Clinton believes that ...``).

Beyond reported clauses, the news reports stances: what a source supports, attacks, proposes or
describes (``STANCE``: the object is the content, with its complements, "likened the fee to a
tax"), what it decides or seeks (``WANT``: an infinitive, "voted to ban bags"), what it speaks about
(``PREP_VERBS``: "called for a ban", "hinted at a deal"), adjectives of stance after a copula
(``ADJ_FRAMES``: "is skeptical of", "was confident that") and nouns of saying with a possessor
(``NOUN_FRAMES``: "Stone's promise to", "her criticism of").

How the words were chosen: by meaning, then checked on the PolNeAR *train* split (never dev):
for each verb and frame (object, infinitive, clause, preposition) with a subject that can speak, the
share of its uses that the corpus annotates as an attribution. Frames used at least three times
and annotated in at least half of their uses were kept where the word is one of saying, judging,
deciding or asking; action verbs that happened to score well ("tick", "funnel") were left out, and
near synonyms of kept words were added so that the rule is about the meaning, not the sample.

Phrases: ``according to X`` (the source is the object of ``to``); ``In the latest poll, ...`` (a
document reporting findings, ``FINDING_DOCUMENTS``); nouns of saying that carry a clause (``the
claim that``, ``his warning that``) in ``SPEECH_NOUNS``.

Role nouns (``ROLE_NOUNS``) are heads of descriptions that can stand for a person already named
(``the minister``, ``the Pentagon chief``, ``the top military official``).

The words about people that the entity code shares (pronouns, relatives, titles and honorifics) are
read from :mod:`reader.core.names`, their one home, which the library's speaker merging reads too;
they are imported here under the same names (``lexicon.PRONOUNS``, ``lexicon.HONORIFICS`` ...).
"""

from __future__ import annotations

from reader.core.names import (
    FEMALE_TITLES as FEMALE_TITLES,
)
from reader.core.names import (
    HONORIFICS as HONORIFICS,
)
from reader.core.names import (
    MALE_TITLES as MALE_TITLES,
)
from reader.core.names import (
    NAME_TITLES as NAME_TITLES,
)
from reader.core.names import (
    PRONOUN_WORDS as PRONOUN_WORDS,
)
from reader.core.names import (
    PRONOUNS as PRONOUNS,
)
from reader.core.names import (
    RELATIVES as RELATIVES,
)
from reader.core.names import (
    TITLE_HEADS as TITLE_HEADS,
)
from reader.core.names import (
    words as words,
)

SAY = words(
    """say tell add note write tweet post explain state remark comment mention describe recount
    recall observe stress emphasize emphasise underline reiterate repeat continue conclude joke quip
    muse shout yell scream cry whisper testify brief speak remind inform clarify boast brag posit
    chant"""
)
WARN = words("warn caution predict forecast alert")
CLAIM = words(
    """claim insist argue contend maintain assert allege charge accuse complain protest point
    counter retort object blast criticize criticise slam attack lament question rebut"""
)
ADMIT = words("admit acknowledge concede confirm deny agree disagree dispute")
ANNOUNCE = words(
    """announce report reveal disclose declare proclaim estimate find show indicate signal
    suggest hint imply rule"""
)
ASK = words("ask reply respond answer inquire wonder demand")
PROMISE = words("promise vow pledge swear threaten urge plead guarantee assure propose recommend order")
THINK = words(
    """believe think hope fear expect feel worry doubt know acknowledge understand recognize
    recognise realize realise consider reckon guess assume figure learn notice demonstrate hop
    speculate suspect surmise theorize theorise anticipate foresee envision calculate forget
    prefer discuss"""
)

# verbs that report speech (direct quotes and "X said that ...")
SPEECH_VERBS = SAY | WARN | CLAIM | ADMIT | ANNOUNCE | ASK | PROMISE
# verbs taking a reported clause for indirect speech (speech verbs plus attitudes)
CLAUSE_VERBS = SPEECH_VERBS | THINK | words("want")  # "voters want all immigrants to be deported"
# verbs whose reported content may be an infinitive ("vowed to fight", "urged them to leave")
TO_VERBS = PROMISE | words("ask tell threaten refuse decline offer demand warn")

# verbs whose reported content is an infinitive ("wants to run", "declined to comment", "seemed to
# suggest"; "hop" is the small model's lemma of "hoped")
WANT = words(
    """want seek decline refuse plan hope hop intend aim agree wish vow pledge promise seem appear
    exhort implore beseech admit deny acknowledge concede regret
    say order encourage decide propose vote call prefer claim push suggest instruct oppose
    support challenge press permit argue lobby advocate look opt resolve volunteer choose
    endorse"""
)
# verbs whose content may be an infinitive, of promising or of wanting ("vowed to fight", "voted to ban")
INFINITIVE_VERBS = TO_VERBS | WANT

# stance verbs: what is supported, attacked, announced or described is their object
# ("Trump endorsed Cruz", "Sanders criticized the deal", "the poll shows a tie")
STANCE = words(
    """support endorse back oppose praise attack blast slam criticize criticise defend condemn
    denounce reject dismiss mock question blame accuse cite mention describe discuss propose
    announce offer express call deny acknowledge welcome applaud tout laud decry champion
    dispute show reveal predict recommend demand urge request
    rule tweet post praise hail rebuke fault highlight emphasize stress credit thank
    repeat reiterate echo confirm report note issue release share lay compare favor name
    voice prefer list remind reference invoke characterize frame underscore congratulate
    expose email publish point expect
    recall portray deem declare pledge detail disclose contrast cite recite outline suggest
    accuse compare admire bemoan lament attribute liken contradict chide rebut assail mock question
    chant broadcast float articulate renounce relish foresee deride pronounce lambast savage
    witness boo concede trumpet extol extoll downplay cheer reprise trash contemplate shrug utter
    interpret taunt foreshadow allege state retweet retweete berate scold ridicule disparage
    belittle denigrate insult smear vilify demonize deplore affirm reaffirm assert recount
    claim signal brand label dub term promote pitch unveil
    ban order restrict prohibit authorize veto boycott withhold resist appoint disqualify"""
)

# prepositions that continue the object of a stance verb into its content ("accused Clinton of
# lying", "praised him for acting", "described him as a liar")
STANCE_OBJECT_PREPS = words("of for as")

# verbs of opinion whose content is "X as Y" ("see Clinton as the stronger candidate")
SEE_AS = words("see view regard consider")
# saying verbs whose content may be parsed as a plain object ("says the movement is ...")
SAY_OBJECT = words("say")
# verbs of wanting whose content may be a plain object ("voters want change")
WANT_OBJECT = words("want")

# reporting verbs whose object is the listener, not the speaker ("told AFP")
ADDRESSEE_VERBS = words("tell ask inform brief assure remind warn urge email text message")

# stance verbs of publishing: when their object is a document or a statement ("released a
# statement", "posted a video"), the content is not that object
PUBLISH = words("release post issue publish share email tweet lay offer")
# (what they publish is CARRIER_NOUNS, below)

# passives that report an unnamed source's view of their subject ("Trump is expected to win",
# "he is said to be furious")
RAISING_PASSIVE = words("expect say believe think report rumor rumour allege project predict suppose")

# verbs whose content is the object of a preposition ("called for a ban", "referred to the deal")
PREP_VERBS: dict[str, frozenset[str]] = {
    "call": frozenset(["for", "on"]),
    "refer": frozenset(["to"]),
    "talk": frozenset(["about", "of"]),
    "speak": frozenset(["about", "of", "against"]),
    "vote": frozenset(["for", "against"]),
    "point": frozenset(["to"]),
    "ask": frozenset(["about", "for"]),
    "focus": frozenset(["on"]),
    "respond": frozenset(["to"]),
    "complain": frozenset(["about", "of"]),
    "warn": frozenset(["of", "about", "against"]),
    "argue": frozenset(["for", "against"]),
    "push": frozenset(["for"]),
    "advocate": frozenset(["for"]),
    "comment": frozenset(["on"]),
    "rail": frozenset(["against"]),
    "lash": frozenset(["at"]),
    "apologize": frozenset(["for"]),
    "insist": frozenset(["on"]),
    "joke": frozenset(["about"]),
    "brag": frozenset(["about"]),
    "boast": frozenset(["about", "of"]),
    "testify": frozenset(["about"]),
    "write": frozenset(["about", "of"]),
    "tweet": frozenset(["about"]),
    "agree": frozenset(["with", "on"]),
    "object": frozenset(["to"]),
    "reply": frozenset(["to"]),
    "react": frozenset(["to"]),
    "criticize": frozenset(["for"]),
    "attack": frozenset(["for", "over"]),
    "praise": frozenset(["for"]),
    "blame": frozenset(["for"]),
    "accuse": frozenset(["of"]),
    "cast": frozenset(["as"]),
    "portray": frozenset(["as"]),
    "paint": frozenset(["as"]),
    "regard": frozenset(["as"]),
    "dismiss": frozenset(["as"]),
    "lambast": frozenset(["as"]),
    "remember": frozenset(["as"]),
    "liken": frozenset(["to"]),
    "compare": frozenset(["to", "with"]),
    "allude": frozenset(["to"]),
    "hint": frozenset(["at"]),
    "balk": frozenset(["at"]),
    "distance": frozenset(["from"]),
    "side": frozenset(["with"]),
    "double": frozenset(["on"]),
    "vouch": frozenset(["for"]),
    "plead": frozenset(["for"]),
    "press": frozenset(["for"]),
    "hope": frozenset(["for"]),
    "hop": frozenset(["for"]),
    "stand": frozenset(["by"]),
    "campaign": frozenset(["against", "for"]),
    "defend": frozenset(["against"]),
    "turn": frozenset(["against"]),
    "touch": frozenset(["on"]),
    "zero": frozenset(["on"]),
    "pounce": frozenset(["on"]),
    "disagree": frozenset(["with", "on"]),
    "challenge": frozenset(["on"]),
    "open": frozenset(["about"]),
    "report": frozenset(["about", "on"]),
    "learn": frozenset(["of", "about"]),
    "assure": frozenset(["of"]),
    "grapple": frozenset(["with"]),
    "rip": frozenset(["for"]),
    "chide": frozenset(["for"]),
    "hit": frozenset(["for"]),
    "charge": frozenset(["with", "for"]),
    "fire": frozenset(["at", "over"]),
    "rally": frozenset(["behind", "around"]),
    "throw": frozenset(["behind"]),
    "speculate": frozenset(["about", "on"]),
    "muse": frozenset(["about"]),
    "gush": frozenset(["about"]),
    "rant": frozenset(["about", "against"]),
    "worry": frozenset(["about"]),
    "think": frozenset(["about", "of"]),
    "believe": frozenset(["in"]),
}

# subjects that are never a source ("it is said that", "there was talk of")
NON_SOURCES = words("it this that there these those what which")
# passive subjects that stand for the content, not for a source ("it was reported", "this is alleged")
PASSIVE_PLACEHOLDERS = words("it this")
# relative subjects that stand for a thing, whose head must be able to speak ("a letter that says")
RELATIVE_SUBJECTS = words("that which")
# possessives that are never a source ("its promise to", "whose call for")
NON_SOURCE_POSSESSIVES = words("its whose")
# objects that stand for the reported clause itself ("as he said so", "as she put it")
CLAUSE_PROFORMS = words("it so")

# nouns that carry a reported clause ("the claim that ...", "a warning that ...") or stand as
# the cue in "in a statement", "in an interview"
SPEECH_NOUNS = words(
    """claim statement warning assertion argument allegation admission announcement remark
    comment suggestion promise pledge vow insistence belief view contention testimony
    interview tweet post letter speech fear hope concern worry conviction prediction assurance
    accusation charge complaint boast reminder acknowledgment acknowledgement conclusion finding
    suspicion"""
)

# documents that report findings, as in "In the latest poll, Clinton leads by 5 points"
FINDING_DOCUMENTS = words("poll survey study report analysis review audit census memo filing ruling")

# the preposition phrase "according to"; its object is the source, whatever it is ("according to
# federal statistics", "according to a database"), except these, which cite no one
ACCORDING = "according"
NOT_ACCORDING = words("plan plans schedule script design tradition custom rule rules standard standards form")

# heads of descriptions that may stand for a named person ("the minister", "the chief")
ROLE_NOUNS = words(
    """chief official minister secretary president candidate senator governor leader director
    spokesman spokeswoman spokesperson representative congressman congresswoman lawmaker mayor
    chairman chairwoman chair ambassador general commander diplomat premier chancellor king queen
    prince envoy nominee billionaire businessman executive ceo founder head boss adviser advisor
    aide strategist manager professor economist analyst expert author writer reporter journalist
    host anchor judge justice attorney lawyer prosecutor sheriff officer politician
    republican democrat frontrunner front-runner incumbent challenger speaker actor star
    activist pastor bishop pope"""
)

# role nouns that say nothing of which office: "the Pentagon chief", "the top military official" may
# be a secretary named before; "the mayor" is not the director named before
GENERIC_ROLES = words(
    """chief official leader head boss spokesman spokeswoman spokesperson representative aide
    adviser advisor officer executive manager"""
)
OFFICE_ROLES = ROLE_NOUNS - GENERIC_ROLES  # the role nouns that name one office ("mayor", "director")
# the office a title abbreviation stands for ("Gov. Chris Christie" is the governor)
TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "gen": "general",
    "sec": "secretary",
    "amb": "ambassador",
    "atty": "attorney",
    "supt": "superintendent",
    "prof": "professor",
    "lt": "lieutenant",
    "col": "colonel",
    "adm": "admiral",
    "sgt": "sergeant",
    "capt": "captain",
}
# role nouns that say the person's gender ("the spokeswoman" is no man named before)
ROLE_GENDER = {
    w: "m" for w in words("spokesman congressman chairman businessman king prince husband father son brother")
} | {
    w: "f"
    for w in words(
        "spokeswoman congresswoman chairwoman businesswoman queen princess wife mother daughter sister"
    )
}

# The words about people (pronouns, relatives, titles and honorifics: PRONOUNS, PRONOUN_WORDS,
# RELATIVES, MALE_TITLES, FEMALE_TITLES, HONORIFICS, NAME_TITLES, TITLE_HEADS) live in
# reader.core.names, the one home the article analysis and the library share; imported above.

# Common-noun heads that can be a source (who can say or find something), beside names, pronouns
# and ROLE_NOUNS. PolNeAR also annotates documents and surveys as sources ("a poll found", "the
# report says"), so those are here too. A noun head outside these lists (and not an entity) is not
# a speaker: "600 homes reported flood damage" reports no speech.
PEOPLE_NOUNS = words(
    """person people man men woman women child children kid teen boy girl guy individual citizen
    resident voter supporter opponent critic rival ally friend enemy member fan follower backer
    donor delegate worker employee staff staffer colleague partner official officer agent
    observer insider source witness victim survivor veteran student teacher doctor nurse
    scientist researcher scholar historian pollster consultant operative organizer volunteer
    participant respondent protester protestor demonstrator activist advocate conservative
    liberal progressive moderate independent evangelical christian muslim jew immigrant
    refugee american parent mother father wife husband son daughter brother sister family
    neighbor neighbour owner farmer investor trader banker lobbyist donor insider
    negotiator mediator regulator investigator inspector auditor detective attorney counsel
    commissioner superintendent secretary clerk administrator coordinator organizer
    spokesperson publisher editor columnist commentator pundit blogger broadcaster
    correspondent contributor filmmaker comedian singer musician athlete player coach
    everyone everybody someone somebody anyone anybody nobody none majority minority
    plurality half third quarter percent percentage most many some several few others other
    all both each either neither one two three four five number audience crowd public
    electorate base establishment elite tycoon mogul magnate hopeful heavyweight constituent
    nephew niece cousin uncle aunt lady gentleman cleric handful dozen principal faction field
    polling population ex surrogate millennial superdelegate neurosurgeon user associate
    generation confidant affiliate admiral hawk trio pair band chorus circle personnel troop guard
    wing enthusiast freshman youth hundred hundreds thousand thousands million millions %"""
)
# the people nouns above that name many people even in the singular ("the audience", "an angry
# electorate"): a group, never the "he" or "she" of a later sentence
COLLECTIVE_NOUNS = words(
    """audience crowd public electorate base establishment elite majority minority plurality half third
    quarter generation faction field population trio pair band chorus circle personnel staff family
    handful dozen hundred hundreds thousand thousands million millions wing troop polling all both
    most many some several few others"""
)
GROUP_NOUNS = words(
    """campaign committee party government administration group organization organisation
    company firm corporation business agency department ministry office bureau service court
    police military army navy force council board panel commission congress parliament senate
    assembly legislature union association federation coalition alliance league
    movement network station channel newspaper paper magazine outlet media press website site
    blog publication institute institution foundation center centre university college school
    think-tank tank charity team club church authority authorities embassy consulate regime
    state country nation city town village county district bank fund pac lab laboratory hospital
    prosecution defense defence camp side caucus delegation leadership majority opposition
    industry sector community family clan tribe unit division branch cabinet
    secretariat secretariats fbi cia"""
)
DOCUMENT_NOUNS = words(
    """poll survey study report analysis research review audit investigation probe inquiry
    data figure figures number numbers statistic statistics record records document documents
    memo memorandum letter email e-mail message note filing lawsuit suit complaint motion brief
    ruling opinion verdict order statement release announcement ad advertisement
    commercial video tape recording footage transcript book article story editorial column
    op-ed essay post tweet blog paper estimate projection forecast model result results
    finding findings evidence count tally index ranking census page
    manifesto bill law resolution legislation average summary headline affidavit petition memoir
    tabloid placard sign version disclosure constitution guideline regulation platform
    testimony interview speech remarks account"""
)

# what a verb of publishing publishes (PUBLISH: "released a statement", "posted a video"): the
# carrier of a content, not the content
CARRIER_NOUNS = DOCUMENT_NOUNS | SPEECH_NOUNS | words("clip comment photo picture image")

# line labels that are not sources ("Note: ...", "Update: ...", "Source: ...", a live page's "The
# Latest: ...", a picture's "Header Image: ...")
NOT_HEADLINE_SOURCES = words(
    """note update source sources correction photo photos video watch read related editor disclosure
    latest image header caption credit"""
)

# the small words of a title, not capitalized inside it ("Face the Nation")
TITLE_SMALL_WORDS = words("a an the of and or in on at to for with from by")

# words opening a trailing clause that is the writer's, not the reported content ("..., which
# includes", "..., although"), and the relatives of ", some of whom ..."
TAIL_OPENERS = words("which who whom whose although though while whereas because despite unlike")
OF_RELATIVES = words("which whom whose")


def _frames(table: dict[str, str]) -> dict[str, frozenset[str]]:
    """Inverts ``{frame: "word word ..."}`` to ``{word: frames}``."""
    out: dict[str, set[str]] = {}
    for frame, text in table.items():
        for w in text.split():
            out.setdefault(w, set()).add(frame)
    return {w: frozenset(f) for w, f in out.items()}


# Adjectives of stance after a copula whose subject is the source, by what carries the content:
# "TO" an infinitive ("is eager to debate"), "THAT" a clause ("was sure Trump would win"), else a
# preposition ("is critical of the deal", "was upbeat about the polls").
ADJ_FRAMES = _frames(
    {
        "TO": """eager willing unwilling ready reluctant determined inclined careful keen anxious
        hesitant loath loth prepared quick desperate""",
        "THAT": """sure certain confident convinced hopeful aware concerned worried optimistic
        pessimistic adamant surprised skeptical sceptical glad happy pleased proud afraid fearful
        insistent positive emphatic""",
        "of": """critical skeptical sceptical supportive wary enamored enamoured proud fond afraid
        fearful suspicious tired dismissive contemptuous scornful mindful aware""",
        "about": """upbeat angry nervous vocal worried concerned optimistic pessimistic excited
        adamant enthusiastic confident skeptical sceptical bullish bearish candid frank honest""",
        "in": "confident outspoken",
        "with": "pleased happy satisfied unhappy frustrated disappointed angry furious impressed",
        "to": "opposed open committed",
        "on": "bent divided firm soft tough",
        "toward": "hostile sympathetic",
        "towards": "hostile sympathetic",
    }
)

# Nouns of saying, promising or judging whose possessor is the source, by what carries the content:
# "TO" an infinitive right after the noun ("Trump's promise to build a wall"), else a preposition
# ("Clinton's attack on Trump", "his criticism of the deal"). Clauses with "that" go by SPEECH_NOUNS.
# Nouns of mere intent or action ("his plan to", "her decision to", "their bid to") are left out:
# a plan is not something anyone said.
NOUN_FRAMES = _frames(
    {
        "TO": """proposal promise pledge vow desire refusal reluctance willingness unwillingness
        intention call threat determination eagerness offer demand request claim""",
        "on": """attack attacks assault criticism comments comment remarks remark views view stance
        position take thoughts testimony speech focus""",
        "of": """criticism critique condemnation praise assessment embrace denial defense defence
        endorsement rejection dismissal characterization characterisation description portrayal
        depiction account view support""",
        "about": """comments comment remarks remark speech warning warnings concerns concern
        complaint complaints questions doubts skepticism fears claims statements""",
        "for": """call calls proposal support praise enthusiasm passion disdain contempt admiration
        plea demand""",
        "against": "attack attacks warning campaign case",
        "to": "opposition response reaction",
        "over": "concerns concern",
        "toward": "hostility",
        "towards": "hostility",
    }
)

# The families of cue words as the learned models see them: one feature per family, in this order.
# The names are part of the shipped files (the tagger's "fam=prepv", the trees' "lex_prepv"), so a
# change here means retraining (python -m reader.nlp.quotes.training).
CUE_FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("say", SAY),
    ("claim", CLAIM | WARN | ADMIT),
    ("announce", ANNOUNCE),
    ("ask", ASK | PROMISE),
    ("think", THINK),
    ("want", WANT),
    ("stance", STANCE),
    ("prepv", frozenset(PREP_VERBS)),
    ("noun", SPEECH_NOUNS | frozenset(NOUN_FRAMES)),
    ("adj", frozenset(ADJ_FRAMES)),
    ("according", frozenset([ACCORDING])),
)
# ... and the nouns that can name a speaker, by kind
SPEAKER_FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("role", ROLE_NOUNS),
    ("people", PEOPLE_NOUNS),
    ("group", GROUP_NOUNS),
    ("document", DOCUMENT_NOUNS),
)
