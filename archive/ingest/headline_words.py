"""Word lists the headline splitter reads: what a headline ends on, what a lede starts with.

All entries are lower case; the splitter compares words lower-cased and
stripped of quotes and brackets.
"""

# Words a headline never ends on: a split right after them cuts a phrase.
NO_TITLE_END = frozenset(
    """a an the of to and or but in on at for with by from as than into onto over under about after
    before between during against without within via vs versus per is are was were be been will would
    shall should can could may might must has have had do does did not no nor its his her their our
    my your this that these those who whom whose which what where when why how if new mr mrs ms dr
    serbian russian chinese american european german french british hungarian croatian bosnian
    montenegrin albanian macedonian slovenian kosovo's serbia's former prime deputy acting north south
    east west upper lower saint st. san western eastern northern southern central until since amid toward
    towards across through among near around upon""".split()
)

# Verbs that need an object: a headline does not stop right after them
# ("Serbia plays | Portugal in Lisbon" cuts "plays" from what is played).
OBJECT_VERBS = frozenset(
    """meets receives visits hosts signs appoints beats defeats welcomes congratulates urges asks tells
    thanks invites accuses condemns supports rejects sends elects names plays faces joins enters calls
    sues arrests attacks blames replaces buys sells expects announces reveals presents becomes discusses
    offers gives takes""".split()
)

# The same verbs after "to" ("Minister to visit | Belgrade" cuts the infinitive from its object).
OBJECT_VERBS_BASE = frozenset(
    """meet receive visit host sign appoint beat defeat welcome congratulate urge ask tell thank invite
    accuse condemn support reject send elect name play face join enter call sue arrest attack blame
    replace buy sell expect announce reveal present become discuss offer give take build open""".split()
)

# Words that typically open a lede sentence and rarely stand capitalised inside
# a sentence-case headline.
LEDE_OPENERS = frozenset(
    """the a an in on at after before according during following this these those it he she they we i
    there some several many most all as with despite although while when since by from over more nearly
    almost about around today yesterday tonight earlier last until if under unlike one two three four
    five six seven eight nine ten serbian russian chinese american european german french british
    president prime minister police citizens members representatives authorities officials health
    serbia's belgrade's eu's us u.s. un nato's prime hungarian croatian bosnian montenegrin albanian
    macedonian slovenian italian turkish ukrainian greek romanian bulgarian austrian""".split()
)

# Offices that follow what they are of ("Finance Minister"): capitalised after a
# capital they continue a name rather than open a lede.
OFFICES_AFTER_NAME = frozenset("president minister police officials authorities health".split())

# Offices that stand before a person's name ("Health Minister Jane Doe said"):
# a lede very often opens with one.
NAME_OFFICES = frozenset(
    """minister president mayor ambassador director governor chancellor secretary spokesman spokeswoman
    spokesperson envoy commissioner chief head leader coach captain epidemiologist professor prof. dr dr.
    doctor patriarch speaker premier prosecutor judge general colonel commander chairman chairwoman
    representative deputy adviser advisor""".split()
)

REPORTING_VERBS = frozenset(
    "said says told announced stated warned stressed confirmed reported noted added assessed believes "
    "explained pointed emphasized emphasised claims claimed".split()
)

# Capitalised in English but not names: after them a capital still starts something new.
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

# Abbreviations whose full stop does not end a sentence ("at 3 p.m.", "the U.S.").
ABBREVIATIONS = frozenset(
    "a.m. p.m. u.s. u.k. e.u. u.n. st. dr. mr. mrs. ms. prof. jr. sr. no. vs. etc. approx.".split()
)

# Words too common to show that a lede restates its headline.
COMMON_WORDS = frozenset(
    """this that with from have been will would there their which about after before over under into
    more most than then them they were what when where while also only just other some such very said
    says year years today people""".split()
)

# Given names common in the region's news, and some from abroad: a lede often opens with a
# full name ("Milan Lukic, 48, will lead ..."), a headline seldom does, and a boundary
# between a given name and the surname after it cuts one name in two.
GIVEN_NAMES = frozenset(
    """aleksandar aleksandra ana andrej andrija ankica bogdan bojan bojana boris borislav branislav branko
    dalibor danijel danijela danilo darko dejan dijana dimitrije dragan dragana dragoljub dusan dusko
    djordje djurdja filip goran gordana ivan ivana ivica jadranka jasmina jelena jovan jovana katarina
    ksenija lazar ljiljana ljubisa luka maja marija marina marko milan milena milica milorad milos miodrag
    miroslav mladen nada natasa nebojsa nemanja nenad nikola nikolina novak ognjen olivera petar predrag
    radomir radovan ranko rade sasa sinisa slavica slobodan snezana sonja srdjan stefan stevan svetlana
    tamara tatjana teodora tijana uros valentina vesna veljko velimir vladimir vladan vojislav vuk zarko
    zlatibor zoran zorana zeljko zivko
    adam alan albert alexander alexei andrew angela anna anthony boris carlos charles christian daniel david
    donald dmitry elena emmanuel frank george hans igor jan jean john jose joseph josep karl klaus kevin
    laura mark maria mario martin matteo michael michel mike mohamed nicolas olaf oliver olga pedro peter
    paul pierre robert recep sergei sergey stefan thomas ursula viktor vladimir volodymyr william""".split()
)
