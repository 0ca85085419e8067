"""The words a term is judged by: pronouns, openers, generic words, imperatives, activities,
aspects and the other word lists of words.py's `clean_term`. Pure data.
"""

from __future__ import annotations

from notes_kb.parse.definitions.labels import word_set

PRONOUNS = word_set(
    "i you he she it we they me him her us them this that these those there here which what "
    "who whom whose where when why how one ones each every all some any none other others such "
    "my your his its our their mine yours it's that's there's here's something anything "
    "everything nothing someone everyone"
)
# Words that open a phrase that is not a name: conjunctions, prepositions, evaluations.
STOP_FIRST = PRONOUNS | word_set(
    "and or but so if then because also just only not no yes very too more most less much many "
    "again still even first second third last finally however therefore thus "
    "sometimes often always never usually whereas now today nowadays lot lots bunch "
    "based in on at for with from by to of as into onto over under during after before when while "
    "inside outside "
    "until since about against between through without within across per via unlike like "
    "typical main usual common simplest easiest hardest best worst biggest real "
    "important whole same obvious practical fewer few several different new wrong "
    "recommended following both either neither below above once two three four five six "
    "original compared overall roughly basically larger smaller bigger another initial "
    "often mainly generally later earlier further given big small good bad great old quick "
    "huge tiny instead however otherwise meanwhile besides interesting useful nice cool neat "
    "fun weird surprising current proposed previous recent novel although though whereas "
    "well what's what’s regardless can could should would will must might shall "
    "does did doesn't don't didn't isn't aren't wasn't cannot can't won't "  # "does not"
    "various newer older hence numerous certain specific particular respective "
    "understand learn remember know realize notice "  # "Understand the key computations ..."
    "bei für zum zur wenn wann falls ohne"  # German: "Bei SARIMAX", "Wann Chronos-2 gewinnt"
)
# Words inside a phrase that make it a clause: "AI engineering that usually ...".
INSIDE_STOP = PRONOUNS | word_set(
    "is are was were be been being usually often always never sometimes really actually vs "
    "also still just even around about roughly approximately "
    "versus can could should would will must may might do does did has have had whether "
    "if because unless like"  # "Output ID if the image is any of the K persons"
)
# Single words that head a sentence as often as they name a concept: "The model is a ...".
GENERIC = word_set(
    "model chapter book note idea point goal problem thing way result reason answer question "
    "difference trick output input author paper section example story catch cost case part "
    "name list step rule lesson takeaway summary approach option choice downside upside "
    "benefit advantage bottleneck quality quantity coverage size speed scale price detail "
    "system process method technique thing stuff data information number value values "
    "function set part version team user people work job issue bug fix plan loop "
    "training test tests analysis memory performance accuracy today tomorrow yesterday "
    "week month year time day morning evening lecture talk video post blog article chapter "
    "slide slides homework exercise assignment project loss below above here claim recipe "
    "trap anatomy algorithm strategy architecture element segment component structure network node"
)
# Generic words an author may still define on purpose ("**Observation**: a partial
# description of the state"): refused in prose, allowed in explicit glossary forms.
WEAK_GENERIC = word_set(
    "training test analysis memory evaluation inference performance accuracy input output "
    "observation step method model data dataset metric benchmark score loss value function "
    "system process technique approach quality speed size cost algorithm strategy label "
    "numerator denominator"
)
# Verbs that open a procedure step: "**Draw a sample**: take ...", "Compute the loss".
IMPERATIVES = word_set(
    "draw take compute calculate use run train load split build create remove set call check "
    "make pick apply embed sort store send fetch write read normalize normalise initialise "
    "initialize add subtract multiply divide repeat update define choose select collect "
    "gather clean prepare install open close start stop save print plot fit evaluate test "
    "measure tune freeze unfreeze merge shuffle sample generate retrieve rank rerank re-rank "
    "chunk index query filter deploy monitor log push pull get put convert compare find try "
    "do go keep give ask tell let move copy paste download upload parse feed pass return "
    "append insert replace scale clip average sum concatenate stack compress decompress "
    "encode decode tokenize tokenise cache warm stream batch serve benchmark profile review "
    "iterate ship label annotate grab drop swap wrap pad mask mix reset"
)
# Verbs that do not start a noun phrase: a term starting with one is an instruction.
ALWAYS_IMPERATIVE = word_set(
    "ask be watch avoid prefer keep make don't do try go give tell let check limit mark count "
    "repeat blind generate compute calculate write read hide pick choose remove add put get "
    "draw take run build create call apply send fetch install open close save print plot fit "
    "evaluate measure tune freeze unfreeze shuffle retrieve find collect gather prepare define "
    "select compare convert copy paste download upload parse pass return append insert "
    "replace concatenate review iterate ship grab drop swap wrap start stop rate wait think "
    "remember note consider ensure verify launch render enter configure enable disable click "
    "press type open hover change toggle use carry restore learn upgrade setup imagine "
    "suppose follow visit navigate say vanish identify augment adjust reframe expose inspect "
    "rerun"
)
# Verbs that say what a method does, as a note-taker writes it under the method's name
# ("Perturb features and observe ...", "Approximates leave-one-out ..."), besides the
# procedure verbs above
METHOD_VERBS = word_set(
    "approximate maximize maximise minimize minimise optimize optimise estimate predict "
    "decompose perturb pretrain pre-train control map project transform learn represent "
    "penalize penalise regularize regularise aggregate model reduce increase combine "
    "discriminate distill distil assign reuse share propagate approximate interpolate"
)

# Verbs whose -s form is no plural noun: "**Generates**: a clear answer" is a step
VERBS_ONLY = word_set(
    "generate retrieve compute calculate create remove apply fetch evaluate measure find "
    "collect gather prepare define select compare convert append insert replace concatenate "
    "produce predict learn encode decode tokenize tokenise reduce improve combine introduce "
    "require provide allow enable ensure perform achieve outperform formulate leverage utilize "
    "utilise"
)
# Gerunds that head an activity, never a concept: "Using prompts", "Handling Missing Data",
# "Detecting degenerate feedback loops" ("Learning rate", "Sliding window" are names)
ACTIVITIES = word_set(
    "using working handling writing running starting looking correcting dealing thinking "
    "understanding implementing choosing getting making building creating doing finding "
    "setting comparing moving going taking applying reading scoping monitoring deploying "
    "storing improving reducing avoiding adding removing picking collecting evaluating "
    "designing debugging testing measuring tuning combining calculating computing "
    "estimating deriving solving interpreting "
    "addressing analysing analyzing announcing configuring controlling converting "
    "decreasing defining detecting developing diving ensuring exploring fixing framing "
    "halting identifying incorporating increasing installing introducing leveraging "
    "loading managing mitigating optimising optimizing organising organizing predicting "
    "preventing recapping reviewing revisiting saving selecting structuring summarising "
    "summarizing surpassing troubleshooting undestanding utilising utilizing visualising "
    "visualizing activating mocking styling listing"
)
ASPECTS = word_set(
    "essence intuition benefit benefits overview gist point key aim purpose motivation reason "
    "idea big high examples example advantage advantages drawback drawbacks downside upside "
    "problem problems issue issues role importance rise history evolution future origins story "
    "application applications use uses impact effect effects limitation limitations challenge "
    "challenges usage power alternatives alternative"
)
# Words a name does not end in: adverbs, quantifiers and common verbs ("Dendron now",
# "Batching many", "Parameter count alone", "Characters make", "scaling matters").
TRAILING_ADVERBS = word_set(
    "now above below here there then also again today still already many much few several "
    "some all most each every alone only make makes take takes use uses include includes "
    "need needs have has get gets do does matter matters work works help helps mean multiple "
    "various thus therefore hence"
)
# Suffixes of adjectives, not names, when they make the whole term: "Model-level".
ADJECTIVE_SUFFIXES = (
    "-level",
    "-based",
    "-like",
    "-style",
    "-wise",
    "-aware",
    "-free",
    "-specific",
    "-oriented",
    "-driven",
    "-friendly",
    "-heavy",
    "-bound",
)
DEFINING_ASPECTS = word_set("essence intuition gist idea")
# Words that end a name for one side of a term, not the term: "TF-IDF Calculation",
# "Self-Attention Recap", "Q-RNN limitations" ("process", "problems", "computation" end
# names too: "Markov Decision Process", "NP problems", "conditional computation").
FACETS = word_set(
    "recap calculation calculations limitations drawbacks advantages disadvantages benefits "
    "pros cons walkthrough analogy analogies enhancements"
)
NOT_ADVERBS = word_set("family assembly anomaly anomalies poly reply supply apply only early")
ADJECTIVE_ENDINGS = (
    "ed",
    "ive",
    "al",
    "ent",
    "ant",
    "ous",
    "ic",
    "able",
    "ible",
    "ar",
)  # adjectives
DAYS_AND_MONTHS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec"
)
DETERMINERS = word_set("a an the two three each every some all its their this these any one")
# Adjectives that open a phrase without being part of the name: "standard bi-encoder".
LOOSE_ADJECTIVES = word_set(
    "standard basic simple vanilla classic classical typical naive plain regular normal "
    "usual traditional conventional so-called"
)
RELATIVE_ADJECTIVES = word_set(
    "robust sensitive prone resistant invariant immune susceptible vulnerable equivalent "
    "similar close related proportional equal identical comparable"
)
# a comparison's words, never a name alone: "- Better represents 'typical' error"
COMPARATIVES = word_set(
    "better worse best worst faster slower easier harder cheaper larger smaller higher lower "
    "more less fewer greater"
)
USE_NOUNS = word_set("tool computer browser")  # "Tool use" is a name ("Don't use" is not)
# Words a name never ends in, though a phrase cut before its noun does ("Recurrent neural"
# from "Recurrent neural nets ...", "Convolution over" from "Convolution over characters"):
# articles, conjunctions, prepositions, and adjectives that stand before a noun.
NOT_LAST = word_set(
    "a an the of to and or in for with on by at from vs versus "
    "over under across through into onto within without between among along toward towards "
    "upon beyond via per during against until since about according regarding including "
    "neural different separate latent multiple various several possible additional "
    "individual specific particular certain similar respective corresponding "
    "long-range short-range long-term short-term low-level high-level large-scale "
    "small-scale fine-grained coarse-grained"
)
# The same words of Spanish, French and Portuguese notes, as written (lowercase: "PARA" is
# a name): "Framework para", "Gobernanza de", "Con esto", "Imagina que"; and "et al".
FOREIGN_NOT_LAST = word_set(
    "de del la las los el para que con por en esto esta este un una "
    "du des le les pour avec et da do com em um uma al"
)
