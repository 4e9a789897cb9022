"""Per-language word lists that tell the caption engine where not to break a line. Data only.

A language without an entry here is broken at punctuation and pauses only. Words are
lowercase, without surrounding punctuation. To add a language, add a `WordLists` to
`WORD_LISTS` under its ISO 639-1 code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class WordLists:
    """Words that bind to what follows them (a break right after them splits a phrase), words
    that open a phrase (a good place to break before), and words that never start a line."""

    # A break after these splits a noun phrase: article/determiner/possessive + noun.
    determiners: frozenset[str]
    # A break after these splits subject + verb.
    subject_pronouns: frozenset[str]
    # Pronouns that are subjects or objects ("you", "it"): a break after them is poor.
    ambiguous_pronouns: frozenset[str]
    # A break after these splits auxiliary + verb; a break before a negation splits verb + not.
    auxiliaries: frozenset[str]
    negations: frozenset[str]
    # Adjectives and intensifiers that bind to the next word (adjective + noun).
    adjectives: frozenset[str]
    adjective_suffixes: tuple[str, ...]
    # Titles that bind to a name: "Dr. | Smith" is never split.
    titles: frozenset[str]
    # Abbreviations whose full stop does not end a sentence.
    abbreviations: frozenset[str]
    # Good places to break before; poor places to break after.
    conjunctions: frozenset[str]
    prepositions: frozenset[str]
    # Words that complete a number ("20 | percent" is never split).
    units: frozenset[str]


ENGLISH = WordLists(
    determiners=_words(
        "a an the this that these those my your his her its our their whose some any no every "
        "each either neither another such what which much many more most few fewer less least "
        "several all both half enough own one's whatever whichever"
    ),
    subject_pronouns=_words(
        "i he she we they who i'm i'd i'll i've he's she's we're we've "
        "we'll we'd they're they've they'll they'd he'll she'll he'd she'd "
        "you're you've you'll you'd it's it'll there's that's"
    ),
    ambiguous_pronouns=_words("you it there"),
    auxiliaries=_words(
        "am is are was were be been being have has had having do does did will would shall "
        "should can could may might must ought isn't aren't wasn't weren't haven't hasn't "
        "hadn't don't doesn't didn't won't wouldn't shan't shouldn't can't cannot couldn't "
        "mightn't mustn't gonna wanna gotta"
    ),
    negations=_words("not n't never"),
    adjectives=_words(
        "able bad best better big black blue brief broad brown certain cheap clean clear close "
        "cold common complete dark dead deep different difficult direct dry due early easy "
        "economic entire equal exact extra fair false famous far fast final fine first foreign "
        "former free fresh full future general global good great green grey gray happy hard "
        "heavy high hot huge human important individual international key large last late "
        "legal little local long low main major medical military modern national natural "
        "necessary new next nice normal old only open original other particular past personal "
        "physical political poor popular possible potential present pretty previous primary "
        "private proper public quick quiet rare ready real recent red regular rich right "
        "rough round royal sad safe same second senior serious short significant similar "
        "simple single slow small social soft solid special specific strong successful "
        "sudden sure sweet tall third tiny top total tough traditional true typical various "
        "vast warm weak whole wide white wild wrong young very really quite rather too so "
        "extremely incredibly fairly truly highly nearly almost just even mere entire overall "
        "south north east west southern northern eastern western american british english "
        "european chinese french german african strange interesting expensive beautiful "
        "careful wonderful terrible horrible awful lovely ugly angry afraid alive alone "
        "amazing ancient annual average basic bitter blind bright busy calm central cheap "
        "chief civil classic clever complex constant correct crazy critical cultural current "
        "cute daily dangerous dear decent dirty double dramatic eager effective elderly "
        "electric empty enormous essential evil exciting excellent familiar fancy fat favourite "
        "favorite female financial flat formal fortunate friendly funny giant glad golden "
        "gorgeous gentle guilty handsome healthy helpful hidden historic holy honest hungry "
        "ideal illegal immediate independent industrial initial inner innocent intense "
        "internal joint junior kind lazy likely loud lucky mad male massive mental mild "
        "minor mobile moral narrow nervous neutral normal obvious odd official online "
        "orange ordinary outer perfect pink plain pleasant polite poor powerful precious "
        "pregnant professional proud pure purple quiet radical random raw reasonable "
        "regional relevant remote rural scary secret secure sensitive separate severe sharp "
        "sick silent silly silver slight smart smooth sole sorry spare spiritual stable "
        "standard steady steep sticky stiff straight strict stupid sufficient suitable "
        "super superb technical temporary tender thick thin tight tired total toxic "
        "tropical ugly unable unique unknown unusual upper urban useful usual valuable "
        "violent visible visual vital weird wet wise wooden worried yellow"
    ),
    adjective_suffixes=("ful", "ous", "ive", "less", "able", "ible", "ical"),
    titles=_words(
        "mr mr. mrs mrs. ms ms. dr dr. prof prof. sir madam saint st st. mister "
        "miss lord lady king queen president senator governor judge captain "
        "professor doctor uncle aunt"
    ),
    abbreviations=_words("mr mrs ms dr prof st jr sr vs e.g i.e mt ft approx"),
    conjunctions=_words(
        "and but or nor yet so because although though while whereas unless since if when "
        "whenever where wherever whether which who whom whose that than until till after "
        "before as once then however therefore meanwhile otherwise instead also"
    ),
    prepositions=_words(
        "in on at of for with to from by about into onto over under between through during "
        "without within against across among around behind beyond near towards toward upon "
        "along above below beneath beside besides despite except inside outside past per "
        "since throughout underneath unlike via like"
    ),
    units=_words(
        "percent per cent % million millions billion billions thousand thousands hundred "
        "hundreds trillion dollars dollar euros euro pounds pound cents years year months month "
        "weeks week days day hours hour minutes minute seconds second miles mile kilometres "
        "kilometers km metres meters feet foot inches kilos kilograms degrees times"
    ),
)

WORD_LISTS: Mapping[str, WordLists] = {"en": ENGLISH}
