package triage

// The rule table, read top to bottom by a clinician reviewer.
//
// Each rule has a stable ID (category.domain.signal), a guard saying how
// context may weaken it, and patterns in the language described in
// pattern.go. A message takes the highest category of any rule that
// survives its guard; the reasons are the IDs of the surviving rules of
// that category.
//
// Guards (see context.go and engine.weigh in classify.go):
//
//	self     suicide and self-harm statements. Dropped ONLY when the writer
//	         negates it in the same clause ("I'm not suicidal", "I would
//	         never hurt myself"). Third-person reports, questions,
//	         hypotheticals, jokes and past tense all stay emergencies.
//	topic    a bare emergency word ("suicide", "self-harm", "overdose").
//	         As self, and also dropped in a news/research/awareness
//	         sentence ("the article said suicide rates…") or a clearly
//	         distant past ("I used to be suicidal years ago") unless the
//	         message says something is happening now.
//	redflag  a medical red flag. Dropped when negated ("no chest pain"),
//	         in a news sentence, when it is about someone who died ("my dad
//	         died of a heart attack"), or about the fear of it ("scared of
//	         having a seizure while driving") — unless that sentence says
//	         it is happening now. Lowered to clinical.red_flag.* when the
//	         sentence is hypothetical ("what should I do if…"), general
//	         ("is chest pain a side effect of…"), reported by a clinician
//	         ("my doctor said chest pain is common after…"), planned
//	         ("going to the ER for my infusion tomorrow") or past ("had a
//	         stroke in 2019") — unless anything in the message says it is
//	         happening now ("right now", "for 2 hours", "help", "I have").
//	         Uncertainty is not a hypothetical: "not sure if I'm having a
//	         heart attack" counts as happening now.
//	critical a red flag so grave that only negation, news, death, fear and
//	         an explicit hypothetical ("if…", "in case") weaken it: someone
//	         not breathing, unresponsive, turning blue, a throat closing, a
//	         seizure that will not stop. A general question ("does anyone
//	         know what to do when my husband stops breathing") or a report
//	         stays an emergency.
//	symptom  a clinical symptom: dropped when negated ("no fever") or in a
//	         news sentence.
//	plain    no context handling.
//
// When in doubt between emergency and anything else, a rule is written to
// choose emergency: the cost of a needless crisis reply is small, the cost
// of a missed one is not.

type guard uint8

const (
	guardPlain guard = iota
	guardSelf
	guardTopic
	guardRedFlag
	guardSymptom
	guardCritical
)

type ruleSpec struct {
	ID       string
	Guard    guard
	Patterns []string
	// Requires names a vocab class that must appear somewhere in the
	// message for the rule to count (e.g. peer questions must be about
	// health, so "anyone else watching the game?" stays none).
	Requires string
}

// englishRules; Spanish rules are in spanish.go and share these IDs.
var englishRules = []ruleSpec{
	// ---------------------------------------------------------------
	// EMERGENCY — suicide
	// ---------------------------------------------------------------
	{ID: "emergency.selfharm.thoughts", Guard: guardSelf, Patterns: []string{
		"kill*|hang|hanging|hanged|shoot|shooting|drown|drowning|poison|poisoning|unalive|unaliving|suffocate|off|offing|delete ~1 @self",
		"kill ~1 my self",
		"kms", "kys", "unalive", "unaliving", "self delete*",
		"want*|wanna|wish*|ready|deserve|deserves|praying|pray|hope|hoping|longing ~3 to? die|dead|death",
		"want|wanna ~2 to? ~1 dye ~1 $",
		"want|wanna|need ~1 out ~2 of ~1 this ~1 life|world",
		"attempt|attempted|attempting|attempts ~2 suicide|again|to_kill|to_end|on_my_life",
		"do ~1 something ~1 stupid|drastic|bad|final ~2 tonight|today|soon|$",
		"dont|cant ~1 trust ~1 myself",
		"thinking|think|thought|planning ~3 about|of ~2 my ~1 funeral",
		"planning|plan|decided|trying|try|about ~1 to? die",
		"want|wanna|wish|ready ~2 to? ~1 stop_living|stop_existing|stop_breathing|not_exist|not_be_alive",
		"end|ending ~2 my|the|this ~1 suffering|misery|existence|torment",
		"planning|plan|planned|arranging|arrange ~2 my ~1 own? ~1 funeral|obituary|eulogy",
		"end|ending|ended ~1 my|his|her|their|our ~1 own? life|lives",
		"end|ending ~1 it|everything|things ~1 all?",
		"take|taking|took|takes ~1 my|his|her|their ~1 own? life",
		"thinking|thought|thoughts|think ~3 about|of ~3 ending ~2 it|things|everything|life",
		"what ~1 i ~2 might|could|would|will|gonna|may ~1 do ~2 to ~1 myself",
		"grave|coffin|urn ~2 soon|tonight|ready|bye|goodbye|wish|forever",
		"rope|gun ~2 ready|tonight|bye|goodbye|time",
	}},
	{ID: "emergency.selfharm.wish_dead", Guard: guardSelf, Patterns: []string{
		"should ~2 just ~1 die|disappear",
		"wish ~2 it|everything|life ~1 would|could ~1 all? ~1 end|be_over",
		"wish ~2 everything|all ~1 would|could ~1 just? ~1 stop",
		// imagining one's own death, or finding relief in not existing
		"would|will|wouldnt|wont ~6 if|when|once ~1 i ~2 died|die|was_dead|were_dead|was_gone|killed_myself",
		"not|stop|stopped ~1 existing|exist|being_here|being_alive|waking_up ~6 relief|relieving|peaceful|peace|appealing|comforting|tempting|better|nice",
		"relief|peace|peaceful ~6 not ~1 existing|exist|to_die|dying|being_dead|waking_up",
		"sleep|rest ~1 for ~1 good",
		"rather ~1 be? dead|die",
		"feel|feeling|felt ~1 like dying",
		"better off ~1 dead",
		"hope*|wish*|pray*|want*|wanna ~4 dont|not|never|wont|wouldnt|didnt|no ~2 wake up",
		"sleep|asleep ~2 and? ~1 never|not ~1 wake",
		"care|cares|cared ~3 if|whether ~1 i ~1 live ~2 die",
		"thinking|think|thoughts|thought|obsessed|fantasi* ~3 about|of ~2 death|dying|being_dead",
		"hate ~2 being_alive|existing|my_existence|waking_up|being_here",
		"cant ~1 wait ~2 to? ~1 die|be_dead|be_gone",
		"sleep|rest ~1 forever",
		"dont|not|never ~2 want|wanna|wish ~2 to? ~1 wake ~1 up ~2 tomorrow|again|anymore|ever|$",
		"dont|doesnt|didnt|not|no|never|wont ~2 want|wanna|wish ~2 to? live|alive|exist|existing|be_here|keep_living|go_on|be_around|be_alive",
		"no longer ~2 want|wanna|wish ~2 to? live|alive|exist|be_here|be_alive",
		"wish ~3 wasnt|werent|never|not ~1 born|alive|exist|here",
		"wish ~2 could|would ~1 disappear|vanish|stop_existing",
		"stop existing", "cease to exist",
		"disappear|vanish ~1 forever|permanently",
		"join|joining|be_with ~5 in|at ~2 the? ~1 grave|heaven|coffin",
		"not|dont|unsure|idk|wonder|wondering|doubt|question|questioning ~4 if|whether ~3 want|wanna ~2 to? live|alive|be_alive|be_here|exist|go_on|keep_going|keep_living",
		"want|wanna|wanted ~1 it ~1 to ~1 be_over|end",
		// emoji in context (⚰️ coffin, 🪦 grave, 🪢 rope, 🔫 gun)
		"ready|want|wanna|wish|join|joining|into|soon ~3 grave|coffin|urn",
	}},
	{ID: "emergency.selfharm.mention", Guard: guardTopic, Patterns: []string{
		"suicide", "suicidal", "suicidally", "suicides",
	}},
	{ID: "emergency.selfharm.hopelessness", Guard: guardSelf, Patterns: []string{
		"see|find|is ~2 no? ~1 point|reason|purpose ~3 living|life|alive|anymore|going_on|keep_going|carry_on",
		"no|zero|nothing|not ~1 reason|reasons|point|purpose ~3 living|live|life|alive|going_on|keep_going|anymore|carry_on|to_go_on",
		"no|not ~1 point ~2 fighting|trying ~1 anymore|any_more|$",
		"wont|will_not ~1 matter ~2 soon|tomorrow|anymore|much_longer",
		"nothing ~1 to ~1 live ~1 for",
		"not|isnt|aint|no ~1 worth ~1 living",
		"life ~3 not|isnt|aint|no ~1 worth",
		"better off ~3 without ~1 me|us",
		"better|happier|easier|fine|okay|ok|safer|lighter ~3 without ~1 me",
		"better off ~2 if ~1 i ~2 wasnt|werent|died|dead|gone|disappeared|never|not",
		"better off ~2 when ~1 im ~1 gone",
		"better|easier|happier|fine|okay|simpler|lighter ~4 if ~1 i ~3 wasnt|werent|died|dead|gone|disappeared|never|not_here|was_gone|didnt_exist",
		"life|living|everything|existence|existing ~2 pointless|meaningless|hopeless|worthless",
		"cant|dont|couldnt ~1 see ~2 way ~2 forward|out|through",
		"no ~1 way ~1 forward",
		"waste ~1 of ~1 space|oxygen|air|life|skin",
		"everyone|everybody|they|family|people ~3 relieved|happier|better ~3 when|once|if ~1 im ~1 gone",
		"nobody|noone|no_one|none ~3 miss ~1 me",
		"nobody|noone|no_one ~4 care|notice|miss ~3 if ~1 i ~2 died|die|dead|gone|disappeared|wasnt|werent|killed|vanished",
		"anyone|anybody|somebody|someone|people|they ~3 notice|care|miss ~3 if|when ~1 i ~2 died|die|dead|gone|disappeared|wasnt|werent|vanished",
		"nobody|noone|no_one ~2 would|will|even|gonna ~1 care|notice ~1 $",
		"dont|doesnt|didnt|not ~1 deserve ~2 to? ~1 live|be_alive|exist|be_here|life",
		"burden ~2 to|on|for ~2 everyone|everybody|my|family|them|you|people|others",
		"im|am|feel|feeling|such|being ~3 a ~1 burden",
		"cant ~1 go|carry ~1 on ~2 anymore|like|living|$",
		"cant ~1 keep ~1 going ~2 anymore|like|living|$",
		"cant ~2 do ~1 this|it ~2 anymore|any_more|no_more|$",
		"cant ~2 take ~1 it|this ~1 anymore|any_more|no_more|$",
		"cant ~2 live ~2 like ~1 this",
		"cant ~1 live ~3 anymore|any_more",
		"nobody|noone|no_one ~1 needs|wants|loves ~1 me ~1 $|anymore|any_more",
		"not|dont ~2 feel? ~1 safe ~1 with ~1 myself",
		"im|am|feel|feeling ~1 not ~1 safe ~1 $|tonight|rn|now",
		"dont ~1 feel ~1 safe ~1 $|tonight|rn|now",
		"scared|afraid|terrified|worried ~3 what ~1 i|ill|id ~2 do|might",
		"dont think ~1 i ~1 can ~1 keep_going|go_on|do_this|cope|survive|continue",
		"tired|sick|done ~1 of|with ~1 living|life|being_alive|existing|breathing",
		"give|giving|gave ~1 up ~1 on ~1 life|living",
		"want|wants|wanted|wanna ~2 it_all|everything|all_of_it|all_this|this_all|life ~1 to ~1 end|stop|be_over",
		"no way out",
		"done|tired|sick ~2 of|with? ~1 fighting|trying|suffering|struggling",
		"give|giving|gave ~1 up ~1 fighting",
		"tonights|tonight ~2 the ~1 night",
		"whats|what ~2 point ~3 living|life|alive|anymore|anything|$",
		"dont|doesnt ~1 see ~1 a? ~1 future",
		"want|wanna ~1 to? ~1 give up ~1 on? ~1 everything",
	}},
	{ID: "emergency.selfharm.plan", Guard: guardSelf, Patterns: []string{
		"plan|planned|planning|plans ~3 to? ~1 kill|die|overdose|od|jump|hang",
		"rope ~4 neck|ready|tonight|hang|tree|ceiling|beam|myself|tied|tie",
		"gonna|going|about|want|wanna|ready|planning ~2 to? ~1 jump ~1 off|$",
		"have|got|ready ~2 the|my ~1 @pills|rope|gun|blade|razor|noose ~1 ready ~1 $|tonight|now",
		"tonight|today ~3 going|gonna|will ~2 do ~1 it",
		"going|gonna ~2 do ~1 it ~2 tonight|today",
		"do ~1 it ~1 tonight",
		"@pills ~3 and|with|plus ~2 vodka|whiskey|booze|alcohol|wine|gin|rum|beer ~4 tonight|bye|goodbye|done|end|forever",
	}},
	{ID: "emergency.selfharm.means_question", Guard: guardSelf, Patterns: []string{
		"lethal|fatal|deadly ~2 dose|doses|amount|overdose|amounts",
		"how ~1 many|much ~4 @pills|insulin|units ~6 kill|die|lethal|fatal|end|overdose|od|wake|dead",
		"how|what ~4 would ~3 take ~2 to ~1 die|kill|end|wake",
	}},
	{ID: "emergency.selfharm.method", Guard: guardSelf, Patterns: []string{
		"noose", "nooses",
		"bought|buy|buying|tied|tie|made|making ~2 a? rope",
		"jump|jumping|jumped ~2 off|from|front|infront ~3 bridge|building|roof|train|balcony|cliff|window|car|truck|bus|traffic|tracks|overpass|tower",
		"step|stepping|walk|walking|throw|throwing ~2 front|infront|into ~3 traffic|train|bus|truck|car",
		"gun|pistol|rifle ~4 myself|head|mouth|loaded|load|ready|trigger",
		"pull ~1 the ~1 trigger",
		"drive|driving|crash|crashing|swerve ~3 car ~3 into|off|on_purpose",
		"drive|driving|crash|crashing|swerve ~3 into|off ~2 tree|wall|bridge|cliff|river|lake|truck|oncoming",
		"slit|slitting|cut|cutting|slice|slicing|slash* ~2 my|his|her ~1 wrist*|throat",
		"blade*|razor*|rope|noose|gun|knife ~4 next_to_me|beside_me|in_my_hand|ready|waiting",
		"researching|looking|googling|googled|searched|searching ~4 how ~1 to ~2 die|kill|overdose|od",
		"ways ~1 to ~1 die|kill|end",
		"method|methods ~3 suicide|die|kill",
		"painless|quick|quickest|easiest|easy ~2 ways|way|method|methods ~2 to ~1 die|end|kill|overdose|od|exit",
		"painless|quick|quickest|easiest|easy ~2 ways|way|method|methods ~2 to ~1 go ~1 $",
		"painless ~1 death|suicide|exit",
		"bath|bathtub|tub|bathroom ~5 razor|razors|blade|blades|knife|pills",
		"razor|razors|blade|blades ~5 bath|bathtub|tub",
		"looking|staring|stare|thinking|think|drawn ~3 at|about|to ~2 the? ~1 train|trains|tracks|bridge|bridges|ledge|edge|rope|traffic|balcony|roof|cliff",
	}},
	{ID: "emergency.selfharm.preparation", Guard: guardSelf, Patterns: []string{
		"stockpil*|hoard*|stash*|saving|saved|collecting|collected|save ~3 up? ~2 @pills",
		"@pills ~2 saved|stashed|stockpiled|hoarded|hidden|hid",
		"all|every ~2 my|the|his|her? ~1 @pills|@med ~3 lined_up|laid_out|piled|out_on|spread_out",
	}},
	// "I have a plan" is a plan to die when the message speaks of suicide
	// anywhere, even in a denial the writer then contradicts ("not
	// suicidal anymore but I have a plan"), or names the means beside it.
	{ID: "emergency.selfharm.plan", Guard: guardSelf, Requires: "suicidal", Patterns: []string{
		"have|got|made|making|found ~2 a|the|my ~1 plan|plans",
		"plan ~1 is|was ~2 ready|set|made|done|sorted",
	}},
	{ID: "emergency.selfharm.plan", Guard: guardSelf, Patterns: []string{
		"have|got|made ~2 a|the|my ~1 plan|plans ~4 @pills|rope|gun|noose|blade|razor|razors|means|bridge",
	}},
	{ID: "emergency.selfharm.preparation", Guard: guardSelf, Patterns: []string{
		"this is ~1 goodbye",
		"goodbye|farewell ~2 everyone|everybody|all|world|forever|cruel",
		"saying|say|said ~1 goodbye|goodbyes ~2 to? ~1 everyone|everybody|all|world|forever",
		"goodbye|suicide|farewell ~1 note|notes|letter|letters",
		"wrote|written|writing|write|left|leave ~3 note|notes|letter|letters ~4 family|kids|wife|husband|mom|mum|dad|parents|everyone|children|son|daughter|goodbye",
		"giving|gave|give ~1 away ~3 my|all ~2 stuff|things|belongings|possessions|cat|dog|pets|everything",
		"giving|gave|give ~3 my|all ~1 stuff|things|belongings|possessions ~1 away",
		"wont|not ~2 be ~1 around|here|alive ~2 much_longer|for_long|anymore|any_more",
		"when|after|once ~1 im|am ~1 gone",
		"after ~1 i ~1 die",
		"see ~1 you ~2 other ~1 side",
		"tell ~3 i ~1 love|loved ~1 them|her|him|you",
		"final|last ~1 words|goodbye",
		"final ~1 message|post",
		"this ~2 be? ~1 my ~1 last ~1 message|post|words ~1 $|here|ever|goodbye",
		"said|saying|written|writing|wrote ~1 my ~1 goodbyes|goodbye",
		"wont|will_not|never ~1 bother ~2 anyone|you|u|you_all|yall|everyone ~1 again|anymore ~1 $",
		"made ~1 my? ~1 peace ~2 with ~2 everything|it|dying|death|leaving",
		"dont|stop ~1 worry|worrying ~2 about ~1 me ~1 anymore|any_more|now",
		"ill|i ~1 will? ~1 be ~1 gone ~1 soon|tomorrow|tonight|by",
		"my ~1 last ~1 night|day ~1 alive|on_earth|here",
	}},

	// ---------------------------------------------------------------
	// EMERGENCY — self-harm
	// ---------------------------------------------------------------
	{ID: "emergency.selfharm.behaviour", Guard: guardSelf, Patterns: []string{
		"cut|cutting|cuts|carve|carving|carved|burn|burning|burned|burnt|hurt|hurting|harm|harming|harmed|hit|hitting|punch|punching|punched|scratch*|bang|banging|banged|starve|starving|starved|stab|stabbing|stabbed|bite|biting|bit|injure|injuring|injured|mutilate|strangle|strangled|choke|choked ~1 @self",
		"cut|cutting again",
		"started ~1 cutting ~1 again|myself|$",
		"urge|urges ~3 to? ~1 cut|hurt|harm|burn|relapse|sh",
		"sh ~2 urge*|relaps*|again|clean|scars|wounds",
		"relapse*|relapsing|relapsed ~2 on|into ~1 sh|self|cutting",
		"fresh|deep ~1 cuts",
		"cut|cutting|cuts ~2 deep|deeper|too_deep",
		"blade*|razor*|knife|knives|scissors ~4 @self|wrist*|arm|arms|thigh*|skin|blood|bleeding",
		"knife|blade|razor ~1 blood",
		"stop*|quit*|skip*|not_taking|stopped_taking ~3 my? ~1 insulin|meds|medication ~4 purpose|deliberately|intentionally|die",
		"not ~1 taking ~3 insulin ~2 anymore|any_more",
		"whats|what ~2 point ~3 taking|take ~2 insulin|meds|medication",
		"deserve ~2 to? ~1 hurt|pain|suffer|bleed",
		"use|turn|try ~2 it|them|this|that|knife|blade|razor|gun ~1 on ~1 myself",
		"burn|burning|burned|burnt|cut|cutting|carve|carving|carved|slice|slicing|sliced|scratch*|stab|stabbing|stabbed ~2 my|his|her ~1 arm|arms|leg|legs|thigh|thighs|wrist|wrists|skin|stomach|hips|body",
		"lighter|cigarette|cigarettes|blade|razor ~3 on ~1 my|his|her ~1 skin|arm|arms|leg|legs|thigh|thighs|wrist|wrists",
		"thinking|think|thought|thoughts|urge|urges|want|wanna|tempted ~3 about|of|to? ~1 cutting|cut|burning|hurting_myself|harming_myself|self_harm|selfharm",
		"cutting|cut|burning|hurting ~3 to ~1 feel|cope|numb|release|punish",
	}},
	{ID: "emergency.selfharm.mention", Guard: guardTopic, Patterns: []string{
		"self harm*|injur*|mutilat*",
		"selfharm*",
		"cutter",
	}},
	{ID: "emergency.selfharm.behaviour", Guard: guardSelf, Patterns: []string{
		"took|taken|swallowed|swallow|ate|eaten|downed|popped|chugged|necked|overdid|gulped ~3 #8.. !@unit? @pills",
		"took|taken|swallowed|swallow|ate|eaten|downed|popped|chugged|necked|overdid|gulped ~3 #8.. of ~3 @pills",
		"take|taking|swallow|swallowing|pop|popping ~3 #10.. !@unit? @pills",
		"take|taking|swallow|swallowing|pop|popping ~3 #10.. of ~3 @pills",
		"take|taking|swallow|swallowing|inject|injecting ~1 all|every|whole ~3 @pills|insulin ~3 at_once|together|in_one_go|same_time|one_go",
		"take|taking|swallow|swallowing ~1 everything|it_all ~2 tonight|at_once|together",
		"take|taking|took|swallow ~1 all|every|whole ~3 @med ~6 kill|die|stop|heart|dead|enough|lethal|fatal|wake",
		"@pills|@med|insulin ~4 kill|stop ~1 me|my_heart",
		"took|taken|swallowed|ate|downed|popped|chugged|drank|drunk|injected|inject|shot|bolused ~4 whole|entire|full|rest ~2 of? ~1 my? ~1 bottle|bottles|pack|packet|box|sheet|strip|blister|pen|pens|vial|cartridge|supply|stash|jar|@pills|insulin",
		"took|taken|swallowed|ate|downed|popped ~2 handful|handfuls|fistful|bunch|lots|loads|load|lot|tons|heaps|pile|stack ~2 of? ~2 @pills",
		"took|taken|swallowed|ate|downed|popped ~1 all|every ~3 @pills|insulin",
		"took|taken|swallowed|ate|downed|popped ~1 every ~1 single? ~1 @pills",
		"@pills ~5 took|taken|swallowed|downed|ate|popped ~1 them|it|em|all ~1 all?",
		"took|swallowed|downed|ate|popped ~1 them|em ~1 all",
		"many ~1 @pills ~4 took|taken|swallowed|gone|down|bye|goodbye|grave|coffin|night|done|enough|all|forever|sleep|dizzy",
		"took|taken|swallowed|downed|ate|popped|just|done ~3 many ~1 @pills",
		"grave|coffin|urn ~4 many ~1 @pills",
		"took|swallowed|taken|downed ~3 #4000.. mg|milligrams",
		"took|swallowed|taken|downed ~3 #5..200 g|grams|gr ~2 of? ~1 @pills",
		"injected|inject|gave|took|shot|bolused|dosed ~3 #100.. units|u|unit",
	}},
	{ID: "emergency.selfharm.intent", Guard: guardSelf, Patterns: []string{
		"gonna|going|want|wanna|plan|planning|about ~2 to? ~1 take|swallow|inject|down ~1 all|every|whole ~3 @pills|@med|insulin",
		"thinking|think|thought|want|wanna|urge|urges|tempted ~3 about|of|to? ~1 taking|swallowing|injecting|take|swallow|inject ~1 all|every|whole ~2 my? ~1 @pills|@med|insulin",
	}},
	{ID: "emergency.selfharm.method", Guard: guardSelf, Patterns: []string{
		"staring|stare|looking ~2 at ~3 @pills|bottle|blade|razor|knife|rope",
		"@pills|bottle|blade|razor|knife|rope ~3 in_front_of_me|next_to_me|beside_me|in_my_hand",
	}},
	{ID: "emergency.overdose.mention", Guard: guardTopic, Patterns: []string{
		"overdose", "overdosed", "overdosing", "overdoses",
		"i|just|gonna|going|wanna|want|might|accidentally|nearly|almost|she|he|they ~1 to? ~1 od|oded|oding",
		"od|oded|oding ~1 on|with|again",
		"@pills|insulin ~2 overdose",
	}},
	{ID: "emergency.overdose.ingestion", Guard: guardSelf, Patterns: []string{
		// a child or pet swallowing someone's medicine
		"@person|toddler ~3 swallowed|ate|chewed|got_into|gotten_into|into|drank ~3 my|his|her|the|some|a|grandmas|grandpas|moms|dads? ~1 @pills|@med|insulin|battery|batteries",
	}},
	{ID: "emergency.overdose.too_much", Guard: guardSelf, Patterns: []string{
		"took|taken|swallowed|injected|gave|dosed|bolused|shot|popped ~3 too ~1 many|much ~3 @pills|insulin|units|meds|medicine",
		"took|taken|swallowed|injected|gave|dosed|bolused ~3 way ~1 too ~1 much|many",
		"accidentally|accidently ~3 took|injected|gave|dosed|bolused ~2 #5.. x|times ~2 my? ~1 dose",
		"accidentally|accidently|mistakenly ~4 injected|took|gave|bolused|dosed ~4 insulin|lantus|levemir|tresiba|toujeo|basal|humalog|novolog|novorapid|fiasp|lyumjev ~4 twice|double|two|wrong",
		"insulin|lantus|levemir|tresiba|toujeo|basal|humalog|novolog|novorapid|fiasp|lyumjev ~4 twice|double|two_doses ~3 by_mistake|accidentally|by_accident ~8 shaky|shaking|sweaty|sweating|confused|low|dizzy|drowsy",
	}},

	// ---------------------------------------------------------------
	// EMERGENCY — medical red flags
	// ---------------------------------------------------------------
	// A dangerous medicine taken wrongly: the fast insulin for the slow
	// one, a double dose of a blood thinner, a sedative with drink. No
	// symptom yet is no reason to wait ("I'll check in the morning").
	{ID: "emergency.medical.wrong_dose", Guard: guardRedFlag, Patterns: []string{
		"@fastinsulin ~4 instead ~1 of ~3 @slowinsulin",
		"@slowinsulin ~4 instead ~1 of ~3 @fastinsulin",
		"swapped|mixed|confused|muddled|switched ~3 my|the|his|her? ~1 pens|insulins|insulin|pen",
		"wrong ~1 insulin|pen ~6 #10..200 ~1 units|u|unit",
		"took|injected|gave|bolused|did|dosed|put_in ~3 #10..300 ~1 units|u|unit ~3 extra|more|too_many|too_much|by_mistake|instead",
		"double|twice|two|extra ~2 dose|doses|lots ~3 of? ~2 my|his|her? ~1 @dangerous",
		"@dangerous ~4 twice|double|two_doses|extra_dose ~3 by_mistake|accidentally|by_accident|mistake|forgot",
		"took|taken|swallowed|gave|given|had ~3 someone_elses|my_husbands|my_wifes|my_mums|my_moms|my_dads|his|her|grandmas|grandpas ~2 @dangerous",
	}},
	{ID: "emergency.medical.toxicity", Guard: guardRedFlag, Patterns: []string{
		"@sedative ~6 and|with|plus|after|on_top_of ~3 wine|vodka|beer|beers|whisky|whiskey|gin|rum|drinks|drink|alcohol|bottle|pints|shots",
		"wine|vodka|beer|beers|whisky|whiskey|gin|rum|drinks|drink|alcohol|bottle|pints|shots ~6 and|with|plus|then|after ~3 @sedative",
		"pinpoint ~1 pupils",
		"cant|cannot ~1 keep ~1 him|her|them|me ~1 awake",
		"breathing ~2 really? ~1 slow|shallow ~4 @sedative|opioid|opioids|methadone|heroin|fentanyl",
	}},
	{ID: "emergency.medical.sepsis", Guard: guardRedFlag, Patterns: []string{
		"fever|temperature|temp|shivering|shivers|rigors|rigours|chills|#38..41.5 ~8 chemo|chemotherapy|neutropenic|neutropenia|cycle|infusion|transplant",
		"chemo|chemotherapy|neutropenic|neutropenia ~8 fever|temperature|temp|shivering|shivers|rigors|rigours|chills|#38..41.5",
	}},
	{ID: "emergency.medical.acs", Guard: guardRedFlag, Patterns: []string{
		"chest ~6 standing|sitting|sat|stood|pressing|pushing ~2 on",
		"chest ~5 pain|pains|painful|hurts|hurting|hurt|ache|aching|aches|pressure|tight|tightness|tightening|squeez*|crush*|heavy|heaviness|burning|stabbing|sharp|killing|weight|clamp*|vice|elephant|sore|agony",
		"pain|pains|pressure|tightness|ache|aching|weight|elephant|heaviness|squeezing|crushing|stabbing|sharp ~4 chest",
		"heart ~1 attack|attacks", "cardiac ~1 arrest",
		"radiat*|spread*|shooting ~3 down|into|to|up ~2 my|his|her|left? ~1 arm|jaw",
		"pain|ache|numb*|tingl* ~3 left ~1 arm|jaw",
		"clutching|grabbing|holding|gripping ~2 his|her|my|their ~1 chest",
	}},
	{ID: "emergency.medical.stroke", Guard: guardRedFlag, Patterns: []string{
		"face ~3 droop*|drooping|droopy|sagging|numb|fallen|lopsided|crooked|uneven|paralyz*|paralys*",
		"droop*|drooping|droopy|sagging ~4 face|mouth|smile|lip|side",
		"smile|mouth ~3 crooked|lopsided|uneven|droop*|one_sided|twisted",
		"one ~1 side ~3 weak|numb|dead|limp|heavy|paraly*|droop*|face|body",
		"arm|arms|side ~3 weak|weakness|numb|dead|limp|paraly*|wont_work|useless",
		"cant|unable ~2 lift|raise|move|feel ~2 my|his|her|left|right ~1 arm|arms|side",
		"slur*|slurring ~2 words|speech|talking|speaking|everything|his|her|my",
		"speech ~3 slur*|garbled|weird|strange|funny|off|jumbled|gibberish",
		"talking|speaking|words ~2 slur*|garbled|jumbled|gibberish|nonsense",
		"cant ~1 get ~2 words ~1 out",
		"words ~3 coming ~1 out ~1 wrong|weird|jumbled|strange",
		"cant ~2 speak|talk ~1 properly|clearly|straight",
		"stroke", "strokes", "mini ~1 stroke",
		// a TIA, in English words around it: not the Spanish "tía" (aunt;
		// in Spain also "mate"), "mi tía", "la tía", "tía, qué fuerte"
		"a|the|his|her|their|had|having|another|possible|suspected|probable|mini|after|since|of|from|dads|mums|moms ~0 tia",
		"tia $|last|symptoms|symptom|clinic|scare|again|yesterday|today|tonight|ago|like|and|or|with|after|before|earlier|episode|now|maybe|or_stroke|or_a_stroke",
		"sudden|suddenly ~5 blind|vision|confused|confusion|numb|weak|weakness|cant_see|cant_walk|cant_speak|cant_talk|balance",
	}},
	{ID: "emergency.medical.severe_headache", Guard: guardRedFlag, Patterns: []string{
		"worst ~1 headache ~4 life|ever|imaginable",
		"worst ~1 migraine|headache ~4 life|ever ~8 sudden|suddenly|seconds|instantly|different|unusual|thunderclap",
		"headache|migraine|head ~6 came ~1 on ~2 seconds|instantly|suddenly",
		"thunderclap",
		"headache|head ~3 exploding|explode|exploded|bomb",
	}},
	{ID: "emergency.medical.hypoglycaemia", Guard: guardRedFlag, Patterns: []string{
		"@glucose ~3 #20..53",
		"low|hypo|lows|crashed|crashing|tanked|tanking|plummeted|plummeting ~3 to? ~1 #10..53",
		"shaky|shaking|sweaty|sweating|confused|dizzy|low|hypo|dropping|falling|crashing|shakes|juice|candy ~6 @glucose ~3 #10..33",
		"@glucose ~3 #10..33 ~6 shaky|shaking|sweaty|sweating|confused|dizzy|low|hypo|dropping|falling|crashing|mg|juice|candy|tabs|help",
		"@glucose|low|hypo|dropped|down|crashed|fell|at|reading ~3 #.0.5..2.9",
		"#0.5..2.9 mmol",
		"meter|dexcom|libre|cgm|monitor|sensor|reading|says|said|shows|showing|reads|read ~2 lo",
		"low|lows|hypo|hypos|hypoglycemia|hypoglycaemia|sugar|sugars|bg|glucose|dropping|crashing ~6 confused|confusion|cant_think|cant_see|passed_out|passing_out|pass_out|unconscious|fainted|seizure|seizing|cant_swallow|cant_stand|cant_eat|cant_drink|making_sense|slurring|incoherent|combative|unresponsive|wont_wake|not_waking|out_of_it|cant_treat|cant_get_up",
		"confused|confusion|passed_out|passing_out|unconscious|fainted|incoherent|unresponsive|making_sense|slurring|combative|out_of_it ~6 low|lows|hypo|hypoglycemia|hypoglycaemia|sugar|bg|glucose",
		"low|lows|hypo|sugar|bg|glucose ~8 not ~1 making|make|makes ~2 sense",
		"severe|bad|scary|terrible|massive ~1 low|hypo",
		"use|used|using|gave|give|giving|need|needed|needs|inject*|had_to|grab ~3 glucagon|baqsimi|gvoke",
		"glucagon ~2 shot|injection|pen|kit",
		"low|hypo|lows|hypos|sugar|bg ~4 wont|not|isnt ~1 come_up|coming_up|go_up|going_up|rising|budge|budging",
		"cant ~1 get ~2 sugar|sugars|bg|glucose|levels ~2 up",
	}},
	{ID: "emergency.medical.dka", Guard: guardRedFlag, Patterns: []string{
		"dka", "ketoacidosis", "kussmaul",
		"ketones ~8 vomit*|throw*|puk*|nause*|sick|stomach|belly|abdominal|cant_keep|fruity|breathing|drowsy|confused",
		"vomit*|throwing|puking|puke|nause*|cant_keep ~8 ketones",
		"ketones ~3 #3..30|large|huge|very|off|through|dark|maroon|purple",
		"high|large|moderate|huge|big ~1 ketones",
		"fruity|acetone|polish|sweet ~3 breath",
		"breath ~3 fruity|sweet|acetone|polish|fruit",
		"@glucose ~3 #600..2000",
		"@glucose ~3 #300..599 ~8 vomit*|throw*|puk*|ketones|nause*|breath*|confused|drowsy",
		"@glucose ~3 #.20..33 ~8 vomit*|throw*|puk*|ketones|nause*|breath*|confused|drowsy",
		"meter|dexcom|libre|cgm|monitor|sensor|reading|says|said|shows|showing|reads|read ~2 hi",
		"hhs", "hyperosmolar",
	}},
	{ID: "emergency.medical.dka", Guard: guardRedFlag, Requires: "diabetes", Patterns: []string{
		// a person with diabetes who cannot keep fluids down is at risk of DKA
		"cant|wont|cannot ~1 stop|keep ~2 throwing|vomiting|puking|fluids|anything_down|water_down|food_down",
		"vomiting|throwing_up|puking ~4 all ~1 night|day|morning",
	}},
	{ID: "emergency.medical.anaphylaxis", Guard: guardRedFlag, Patterns: []string{
		"throat ~3 closing|close|closed|swelling|swollen|swell*|tight|tightening|tightness",
		"lips|lip|tongue ~3 swelling|swollen|swelled|swell*|puffy|puffing|blowing|huge",
		"lips|lip|tongue|mouth|throat ~3 tingling|tingly|itchy|itching|burning ~6 after|eating|ate|shrimp|peanut*|nuts|shellfish|sting|stung|bee|new",
		"swelling|swollen|swelled|swell* ~3 lips|lip|tongue|throat",
		"face ~3 swelling|swollen|swelled|puffing|blowing ~6 after|allergic|reaction|eating|ate|sting|stung|bee|wasp|peanut*|nuts|shellfish|hives|breath*|new",
		"anaphyla*",
		"use|used|using|gave|give|jabbed|jab|grab|grabbed|stabbed|injected ~3 epipen|epi|epinephrine|adrenaline|auvi",
		"epipen|epinephrine ~3 not_working|didnt_work|isnt_working|second",
		"allergic ~1 reaction ~6 breath*|throat|tongue|lips|swell*|hives|wheez*|dizzy|faint",
		"having|having_an|severe|bad|serious|major ~2 allergic ~1 reaction",
		"allergic|reaction|peanut*|nuts|sting|stung|shellfish ~8 face|lips|tongue|throat|eyes ~3 swelling|swollen|puffing|puffy|blowing",
		"hives|rash ~6 cant_breathe|breathing|throat|tongue|lips|wheez*|dizzy|faint|fainting",
	}},
	{ID: "emergency.medical.breathing", Guard: guardRedFlag, Patterns: []string{
		"cant|unable|struggling|struggle|fighting|hard|hardly|barely|difficult|trouble|difficulty|impossible|labored|laboured ~3 to? ~1 breathe|breath|breathing",
		"cant|unable|struggling|hardly|barely ~2 catch|get ~2 my? ~1 breath|air",
		"gasping|gasp|suffocating|choking|choke|drowning",
		"air ~1 hunger",
		"lips|lip|fingers|fingertips|face|nails|skin ~3 blue|grey|gray|purple|bluish|dusky",
		"turning|turned ~1 blue|purple",
		"inhaler|inhalers|puffer|ventolin|albuterol|salbutamol|rescue|reliever|nebuliser|nebulizer|neb|nebs ~4 not|isnt|doesnt|no|wont|nothing ~1 working|helping|help|work|doing|touching",
		"used|taken|took|done|had ~3 #8..100 puffs",
		"cant ~2 speak|talk|finish ~2 full|whole|in ~1 sentences|sentence",
		"@o2 ~3 #50..87",
		"#50..87 ~2 @o2",
		"red ~1 zone",
		"asthma|copd ~1 attack",
		"not|isnt|stopped|stops|wasnt ~1 breathing",
		"pink ~2 frothy|froth|foamy",
		"frothy ~2 sputum|spit|phlegm|mucus",
		"wake|waking|woke ~2 up? ~1 gasping|choking|suffocating|drowning",
		"breathing ~3 very|really|super ~1 fast|rapid|shallow",
		"wheez*|gasping|breathless ~4 cant_talk|cant_speak|cant_breathe|so_hard|so_bad|really_bad",
		"worst ~1 asthma? ~1 attack|flare|exacerbation ~4 ever|life",
		"used|taken|took|done|had ~4 inhaler|puffer|ventolin|reliever|rescue|albuterol|salbutamol ~3 #8..100 times|puffs|x",
		"wheez*|breath*|inhaler|asthma|attack|copd ~8 barely|hardly|cant ~1 talk|speak",
	}},
	{ID: "emergency.medical.breathing", Guard: guardCritical, Patterns: []string{
		// "not breathing right/properly" is left to the ordinary red flag
		"not|isnt|stopped|stops|stop|stopping|wasnt ~1 breathing $",
		"not|isnt|stopped|stops|stop|stopping|wasnt ~1 breathing !right|properly|well|normally|correctly|deeply|through|easily|easy|great|good",
		"turning|turned|going|gone ~1 blue|purple",
		"lips|lip|face ~3 blue|purple|grey|gray",
	}},
	{ID: "emergency.medical.unconscious", Guard: guardCritical, Patterns: []string{
		"unconscious", "unresponsive",
		"wont ~1 wake ~1 up|him|her|them",
		"not|isnt|wasnt ~1 responding",
	}},
	{ID: "emergency.medical.anaphylaxis", Guard: guardCritical, Patterns: []string{
		"throat ~3 closing|closed|close",
	}},
	{ID: "emergency.medical.seizure", Guard: guardCritical, Patterns: []string{
		"seizure|seizures|fit ~5 wont|not|isnt ~1 stop|stopping|ending",
	}},
	{ID: "emergency.medical.seizure", Guard: guardRedFlag, Patterns: []string{
		"having|havin ~2 a? ~1 seizure|seizures|fit|fits|convulsions|tonic",
		"seizing", "convulsing", "convulsions", "status ~1 epilepticus",
		"been|is|hes|shes|keeps|still|started ~1 fitting",
		"fitting|seizing|convulsing|clonic ~3 for ~2 #2..120 min|mins|minute|minutes",
		"seizure|seizures|fit ~5 wont|not|isnt ~1 stop|stopping|ending|end",
		"seizure|seizures|fit ~5 lasting|lasted|over|than|for ~2 #3..120 min|mins|minute|minutes",
		"seizure|seizures|fit ~5 #3..120 min|mins|minutes",
		"back ~1 to ~1 back ~2 seizure*|fits",
		"cluster ~2 seizure*",
		"seizure* ~3 one ~1 after ~1 another",
		"first ~1 ever? ~1 seizure",
		"seizure|seizures|fit ~6 hit|not_waking|wont_wake|not_breathing|blue|unconscious|wont_come|still_out|not_responding|unresponsive",
		"gave|give|giving|used|use|using|need|needed ~3 rescue|midazolam|nayzilam|valtoco|buccal|diastat",
		"rescue|midazolam|nayzilam|valtoco|buccal|diastat ~4 not_working|didnt_work|isnt_working",
		"just|literally ~1 had ~1 a ~1 seizure",
		"#3..50|three|four|five|six|seven|several|multiple|many ~1 seizures|fits ~5 hour|hours|today|row|day|morning|night",
		"seizures|fits ~3 in ~2 last|past ~1 hour|hours",
		"seizures|fits|seizing ~3 all ~1 day|night|morning|afternoon",
		"seizure ~2 now|rn",
	}},
	{ID: "emergency.medical.unconscious", Guard: guardRedFlag, Patterns: []string{
		"unconscious", "unresponsive", "unrousable", "lost ~1 consciousness", "losing ~1 consciousness",
		"not|isnt|wasnt|stopped ~1 responding",
		"wont ~1 wake ~1 up|him|her|them",
		"cant ~1 wake ~1 him|her|them",
		"cant|couldnt ~1 wake ~1 my|his|her ~1 @person ~1 up?",
		"floppy|limp|lifeless ~3 baby|son|daughter|toddler|kid|child|infant|he|she|hes|shes",
		"baby|son|daughter|toddler|kid|child|infant|he|she|hes|shes ~3 floppy|limp|lifeless",
		"not|isnt ~1 waking",
		"passed|passing|pass ~1 out",
		"fainted|fainting|collapsed|collapse|collapsing|blacked_out|blacking_out|knocked_out",
		"feel|feeling|about|going|gonna|almost|nearly ~3 to? ~1 faint|black_out|pass_out",
		"wont|not|isnt|doesnt ~1 respond|responding",
		"found ~4 on ~2 floor|ground",
		"vision|eyes|sight ~3 going|gone|went|goes|turning ~1 dark|black|grey|gray",
	}},
	{ID: "emergency.medical.heart_rate", Guard: guardRedFlag, Patterns: []string{
		"heart ~1 rate|beat|beats|pulse|hr|bpm ~3 #10..39",
		"heart ~1 rate|pulse|hr ~3 #180..300 ~6 rest|resting|sitting|lying|dizzy|faint|chest|breath*",
	}},
	{ID: "emergency.medical.bleeding", Guard: guardRedFlag, Patterns: []string{
		"vomiting|vomited|throwing|threw|coughing|coughed|puking|puked ~2 up? ~1 blood",
		"blood ~3 wont_stop|not_stopping|everywhere|pouring|gushing|soaking|soaked",
		"bleeding ~3 wont_stop|not_stopping|heavily|badly|everywhere|a_lot|lots|so_much|loads",
		"black ~1 tarry", "coffee ~1 grounds",
		"lots|lot|loads|tons|much ~2 blood ~8 dizzy|faint|lightheaded|pale|passing",
	}},
	{ID: "emergency.medical.dying", Guard: guardRedFlag, Patterns: []string{
		"going|gonna ~1 to? ~1 die",
		"think|feel|feels|felt|thought ~2 like? ~1 im|am|hes|shes|is|theyre ~1 dying",
		"am ~1 i ~1 dying",
		"if|whether|maybe ~1 im|am ~1 dying",
		"im|am ~1 dying ~2 help|please|cant|someone",
		"something ~2 very|really|seriously ~1 wrong ~3 help",
	}},
	{ID: "emergency.medical.emergency_services", Guard: guardRedFlag, Patterns: []string{
		"call|calling|called|dial|dialing|dialling|dialed|dialled|ring|ringing|rang|phone|phoning|need|needs|get|getting|in|at ~3 #911|#999|#112|#000|ambulance|paramedics|emts|emt",
		"call|calling|called|dial|need|needs|take|taking|took|go|going|went|heading|rushed|rushing|rush|drive|driving|in|at ~3 the|an|to ~1 er|ed|emergency",
		"go|going|went|heading|rush|rushed|take|taking|took|in|at ~2 a ~1 e",
		"emergency ~1 room|department",
		"should ~1 i|we ~3 go|call|dial ~3 ambulance|er|hospital|emergency|#911|#999|#112",
		"hospital ~2 now|rn|asap",
	}},

	// ---------------------------------------------------------------
	// CLINICAL — needs a clinician
	// ---------------------------------------------------------------
	{ID: "clinical.dose", Guard: guardPlain, Patterns: []string{
		"how ~1 much|many ~4 @med|units|unit|mg|mcg|ml|puffs|puff|tablets|tabs|pills|dose|doses|dosage",
		"how ~1 much|many ~3 should|do|can|would ~2 i|we|he|she ~1 take|give|use|inject|bolus",
		"took|taken|take|taking|gave|given|injected|bolused|dosed ~4 twice|double",
		"accidentally|accidently|mistakenly ~3 took|taken|gave|injected|bolused|doubled|double|dosed",
		"take|taking|took|inject|give ~3 @med ~3 late|early|later|earlier|twice",
		"should|can|do ~1 i|we ~1 take|inject|use|give ~3 @med ~4 at|in|before|after|with|night|morning|bedtime|food|empty",
		"should ~1 i ~3 use|take|increase|up ~3 @med ~2 more|less|often",
		"double|doubled|doubling|triple|increase|increased|increasing|decrease|decreased|decreasing|up|upped|upping|raise|raised|lower|lowered|lowering|reduce|reduced|reducing|halve|halved|split|adjust|adjusted|adjusting|change|changed|changing ~3 my|the|our|his|her ~1 dose|doses|dosage|basal|bolus|units|ratio|ratios|@med",
		"skip|skipped|skipping|miss|missed|missing|forgot|forget|forgetting ~3 a|my|the|his|her|one ~3 dose|doses|dosage|shot|injection|insulin|@med|pill|pills|tablet",
		"take|took|taking|give|gave|inject|injected|bolus|bolused ~3 extra|another|more|less|double|twice|second|two ~1 dose|doses|shot|shots|insulin|units|puffs|@med",
		"double ~1 dosed|dose|dosing",
		"doubled ~1 up",
		"what|which|right|correct|max|maximum|safe|normal|usual|starting ~1 dose|dosage|doses",
		"dose|dosage ~4 should|ok|okay|too|enough|right|safe|?",
		"forgot|forget|missed|skipped ~2 to ~1 take|bolus|inject|give|use",
		"should ~1 i|we ~1 take|give|inject ~2 it|them ~2 now|later|anyway|tonight",
		"correction ~2 factor|dose|bolus|ratio",
		"correct|correcting ~3 high|highs|sugar|bg|glucose ~4 how|should|?",
		"carb ~1 ratio|ratios", "insulin ~2 to ~1 carb", "sensitivity ~1 factor", "basal ~1 rate|rates", "temp ~1 basal", "isf",
		"#1..2000 units|unit|u|mg|mcg|puffs|ml|tablets|pills ~4 much|many|little|enough|ok|okay|safe|right|normal|lot",
		"prebolus|pre_bolus ~6 how|should|when|?",
	}},
	{ID: "clinical.medication_change", Guard: guardPlain, Patterns: []string{
		"should|can|could|shall|may|ok|okay|safe|bad|wise|allowed|alright|fine ~5 stop|stopping|quit|quitting|come_off|coming_off|go_off|going_off|get_off|wean|weaning|taper|tapering|switch|switching|change|changing|start|starting|restart|restarting|pause|pausing|skip|skipping|drop|dropping|ditch|try|trying ~5 @med",
		"thinking|considering|planning|want|wanna|wanting|tempted|going|gonna ~3 to? ~1 stop|stopping|quit|quitting|come_off|coming_off|go_off|going_off|get_off|wean|weaning|taper|tapering|switch|switching|ditch|ditching|skip|skipping|drop|dropping ~4 @med",
		"can|should|could|do ~1 i|we ~1 take|use|have|get|continue|keep ~4 @med ~4 if|while|when|with|before|after|during",
		"@med ~1 or|vs|versus ~1 @med",
		"need|needed|have ~2 to ~1 stop|start|take|skip|hold|pause|avoid ~3 @med",
		"pharmacy|pharmacist|chemist ~4 switched|changed|gave|substituted ~4 @med|brand|generic",
		"ok|okay|safe|fine|alright ~2 to ~1 take|use|skip|miss|stop|delay ~4 @med",
		"switch|switching|start|starting|change|changing|move|moving ~3 to|on ~1 @med ~8 ?|risks|should|worth|safe",
		"insulin|@med ~2 went|gone|goes|going ~1 bad|off",
		"wants|want|told|suggested|suggests|recommended|recommends|advised ~3 me|us ~2 to? ~1 start|stop|switch|take|try|go_on|come_off|increase|up ~3 @med",
		"stopped|quit|came_off|went_off|weaned_off|tapered_off|ditched|dropped ~3 my|the|taking ~2 @med",
		"ran|run|running ~1 out ~1 of ~3 @med|strips|supplies",
		"instead ~1 of ~3 @med",
		"generic ~4 @med|version|brand",
		"@med ~4 stopped_working|not_working|isnt_working|doesnt_work|dont_work|wore_off|wearing_off|wears_off",
	}},
	{ID: "clinical.interaction", Guard: guardPlain, Patterns: []string{
		"interact*|interaction*|contraindicat*",
		"take|taking|mix|mixing|combine|combining|use|using|have|having ~4 @med ~4 with|and|alongside|together|while|plus|on ~4 @med|alcohol|drink|drinks|drinking|beer|wine|booze|grapefruit|weed|cannabis|cbd|caffeine|coffee|vaccine|vaccines",
		"safe|ok|okay|alright|fine|bad|dangerous ~3 to? ~1 take|taking|mix|drink|drinking|have|combine ~6 with|while|on|and|alongside|together",
		"drink|drinking|alcohol|beer|wine|booze|weed|cannabis|cbd|vape|smoke ~4 on|with|while ~3 @med",
		"@med ~3 and|with ~2 alcohol|drinking|drink|beer|wine|booze|grapefruit",
		"vaccine|vaccines|vaccination|booster|flu ~5 while|on|with ~3 @med",
	}},
	{ID: "clinical.side_effect", Guard: guardPlain, Patterns: []string{
		"@symptom ~4 on|from|since|after ~2 my|the|starting|taking ~2 @med",
		"@med ~3 making|makes|made|make|gives|giving|gave|give ~2 me",
		"@med ~3 lower|lowers|weaken|weakens|suppress|suppresses|affect|affects|raise|raises|increase|increases|damage|damages ~3 immune|immunity|blood|sugar|sugars|pressure|kidney|kidneys|liver|heart|bones|weight",
		"side ~1 effect|effects ~8 ?",
		"is|could|can|might|would|be|it|this|these|that ~3 a? ~1 side ~1 effect|effects",
		"sideeffect*",
		"can|could|does|do|might|would|is|will ~3 @med ~3 cause|causing|make|making|give|giving|trigger|triggering|affect|affecting",
		"caused|causing|because|from ~2 by|of? ~1 my|the|this|these|new ~1 @med ~4 ?",
		"reaction ~2 to ~3 @med",
		"risk|risks ~3 of|with|on ~2 @med",
		"what ~2 are ~1 the ~1 risks",
		"having|getting|experiencing|got ~2 side ~1 effects",
		"side ~1 effects ~1 from|of|on ~3 @med",
	}},
	{ID: "clinical.test_result", Guard: guardPlain, Patterns: []string{
		"@test ~6 came|come|coming ~1 back",
		"@test ~6 results|result ~4 #|high|low|elevated|abnormal|flagged|borderline|raised|positive|negative|off|?",
		"@test ~4 # ~8 mean|means|normal|bad|concern*|worried|worry|worrying|ok|okay|good|high|low|elevated|abnormal|flag*|range|serious|?",
		"@test ~3 is|was|were|are|came|showed|shows|says ~3 high|low|elevated|abnormal|flagged|borderline|raised|positive",
		"@test ~4 went|jumped|rose|dropped|increased|decreased|doubled|fell|climbed ~1 up|down? ~1 from|to",
		"what|how ~3 does ~4 @test|result|results|number|numbers|reading|report ~3 mean",
		"what ~3 mean ~4 @test|result|results",
		"results|labs|bloodwork|report ~4 back|came|in ~6 ?|mean|worried|understand|explain",
		"is|are ~3 @test ~3 #? ~3 normal|bad|high|low|ok|okay|good|concerning|dangerous",
		"got ~2 my ~2 @test ~3 back",
	}},
	{ID: "clinical.test_question", Guard: guardPlain, Requires: "test", Patterns: []string{
		"what ~3 does|do ~2 it|that|this|these|they ~1 mean",
		"what ~2 is ~1 a|an ~3 ?",
		"is ~1 that|this|it ~1 bad|normal|good|concerning|serious|dangerous|high|low",
		"should ~1 i ~1 be ~1 worried|concerned",
		"what ~2 should ~1 i ~2 ask|do|say|tell",
	}},
	{ID: "clinical.medication_change", Guard: guardPlain, Requires: "med", Patterns: []string{
		"should|can|do|could ~1 i|we ~1 stop|start|switch|skip|quit|continue|keep|restart|pause|change ~2 it|them|this|that|taking|using",
	}},
	{ID: "clinical.care_question", Guard: guardPlain, Patterns: []string{
		"how ~1 long ~3 should|do|must ~2 i|we ~1 wait",
		"how ~1 long ~6 @med|dose|infusion|injection",
		"how ~1 many ~2 days|hours|weeks|minutes ~3 should|do|must ~2 i|we ~1 wait|leave|space",
		"should|can|could ~1 i|we ~2 drive|fly|travel|exercise|work|swim|drink|fast|go_back",
		"is ~1 it ~1 safe|ok|okay ~2 to ~1 drive|fly|travel|exercise|work|swim|drink|fast|go",
		"is ~1 it ~1 safe|ok|okay|dangerous ~8 while|on|with ~3 @med",
	}},
	{ID: "clinical.symptom", Guard: guardSymptom, Patterns: []string{
		"@symptom ~6 new|worse|worsening|getting|increasing|increased|more_often|more_frequent|every_day|daily|constant|constantly|persistent|wont_go|not_going|wont_stop|days|weeks|week|month|months|since|started|starting|suddenly|sudden|first_time|never_had|keeps|keep|spreading|unusual|different|again",
		"new|worse|worsening|worsened|increasing|increased|more|started|starting|sudden|suddenly|weird|strange|unusual|different|constant|persistent ~6 @symptom",
		"@symptom ~8 normal|worried|worry|concerned|concerning|serious|wrong|doctor|causing",
		"why|what ~4 cause|causes|causing|caused ~6 @symptom",
		"had ~2 a ~1 seizure|seizures|fit|episode|attack",
		"breakthrough ~1 seizure*|pain|bleeding",
		"blood ~2 in ~2 my? ~1 stool|stools|poop|urine|pee|poo|vomit|mucus",
		"gained|gain|up ~3 #2..20 lbs|pounds|kg|kilos|kgs|lb ~6 day|days|week|overnight|yesterday|since|today|morning",
		"ankles|ankle|legs|feet|belly ~3 swollen|swelling|puffy|bigger",
		"cant ~1 lie ~1 flat", "extra ~1 pillows", "more ~1 pillows",
		"using ~2 inhaler|reliever|ventolin|puffer|rescue ~4 more|every_day|lot|#3..50",
		"peak ~1 flow ~4 down|dropped|lower|low|dropping",
		"waking|wake|woke ~3 up? ~2 cough*|wheez*|breathless",
		"more|green|yellow|brown|bloody ~2 sputum|phlegm|mucus",
		"@glucose ~4 #180..599 ~8 ?|should|why|what|help|cant",
		"@glucose|numbers ~4 high|highs|crazy|all_over|rollercoaster|wont_come|stubborn|unexplained ~8 ?|should|why|what|help",
		"fever|temp|temperature ~3 #38.5..45|#101..110",
		"blood ~1 pressure|bp ~3 #140..300",
		"breathless|winded|breathlessness|shortness|sob ~6 more|worse|walking|stairs|rest|lying|new",
		"short ~1 of ~1 breath ~6 more|worse|walking|stairs|rest|lying|new",
		"is ~1 this|it|that ~1 normal",
		"is ~1 this|it|that ~1 too ~1 low|high|fast|slow|much|little",
		"heart_rate|pulse|bp|hr|blood_pressure|heartrate ~6 too|high|low|normal|worried|dropping|dropped|?",
		"@glucose|numbers|levels ~4 high|low|crazy|highs|lows ~3 all_day|all_week|all_night|days|every|since|constantly|keep",
		"my ~1 @condition ~4 getting_worse|worse|worsening|flaring|out_of_control|uncontrolled|acting_up|bad_again",
		"should ~1 i ~1 be ~1 worried|concerned|scared",
		"should ~1 i ~3 worry",
		"should ~1 i|we ~3 see|call|contact|message|email|ring|phone|book|go|tell|ask|mention|talk|speak ~3 doctor|gp|doc|endo|neuro|neurologist|cardiologist|pulmonologist|gastro|specialist|nurse|team|clinic|urgent|someone|pharmacist",
		"when ~2 should ~1 i ~3 worry|worried|see|call",
		"@glucose ~8 should ~1 i|we",
		"why ~4 @glucose|numbers|readings",
		"@glucose ~4 # ~8 weird|strange|odd|normal|worried|worry|concerned|concerning|?",
		"should ~1 i|we ~6 @glucose",
		"@o2 ~3 #80..95 ~8 ok|okay|normal|safe|bad|low|?",
		"should ~1 i ~3 get ~2 it|this|that ~1 checked|looked|seen|tested",
	}},
	{ID: "clinical.symptom", Guard: guardSymptom, Requires: "health", Patterns: []string{
		"is ~1 that|this|it ~1 ok|okay|safe|bad|dangerous ~2 with|on|for|?",
		"could|can|would|might ~1 that|this|it ~3 affect|cause|explain|be_causing|be_from|be_my|be_the",
		"can|could|does|do ~4 cause|causing ~6 ?",
	}},

	// ---------------------------------------------------------------
	// PEER — experience and coping questions other patients can answer
	// ---------------------------------------------------------------
	{ID: "peer.experience_question", Guard: guardPlain, Patterns: []string{
		// unmistakable peer phrasings: no health word needed
		"anyone|anybody|any1 ~1 else",
		"am ~1 i ~1 the ~1 only ~1 one", "is ~1 it ~1 just ~1 me", "who ~1 else",
	}},
	{ID: "peer.experience_question", Guard: guardPlain, Requires: "health", Patterns: []string{
		"anyone|anybody|any1|someone|somebody ~1 else|here|out",
		"anyone|anybody|any1 ~1 tried|try|use|using|used|have|had|know|get|gets|got|find|found|experience*|deal*|been|on|taking|take|seen|notice|noticed",
		"anyone|anybody|any1 ~10 ?",
		"does|did|has|have|is|do|can|could|would anyone|anybody|any1|people|others|everyone|folks|ppl|someone",
		"any ~2 long? ~1 haulers|crohnies|diabetics|asthmatics|epileptics|migraineurs|warriors|parents|folks|people|t1s|t2s|t1ds|spoonies",
		"whats|what ~2 everyone|everyones|yall|your ~3 favorite|favourite|go|routine|trick|secret|system|experience|setup|method|way",
		"your ~1 favorite|favourite ~4 ?",
		"for ~1 you|yall ~6 ?",
		"how ~1 long ~4 you|yall",
		"any ~1 of ~1 you|yall|u",
		"how|what|where|when|which ~2 do|did|does|have|would ~1 you|yall|u|people|others|everyone|folks|ppl|your",
		"yall|guys|everyone|folks|everybody ~6 ?",
		"you ~1 all ~6 ?",
		"your ~1 experience|experiences|stories|story",
		"experience|experiences ~3 with|on ~6 ?",
		"share ~3 experience*|stories|story",
		"relate|relatable",
		"what|which ~2 works|worked|helps|helped|help ~2 for? ~1 you|yall|others|people|everyone",
		"how|hows ~2 everyone|everybody|yall ~4 coping|managing|handling|dealing",
		"alguien ~2 mas|sabe|tiene|ha|le|que",
	}},
	{ID: "peer.tips_request", Guard: guardPlain, Requires: "health", Patterns: []string{
		"tips|tip|advice|suggestions|suggestion|recommendations|recommendation|recs|ideas|hacks|hack|tricks|pointers|resources ~3 for|on|about|regarding|with|please|pls|plz|?|when",
		"any|some|need|needing|want|looking|seeking|appreciate|welcome|got|share|have ~3 tips|advice|suggestions|recommendations|recs|ideas|hacks|tricks|pointers",
		"recommend ~8 ?",
		"would|do|can ~2 you|anyone ~1 recommend",
		"best ~1 way|ways|app|apps|brand|bag|case|place|shoes|snacks|food|foods|strategy|method ~6 ?|for|to",
		"best ~6 ?",
		"where ~2 do|can|did ~2 you|i|people ~1 get|buy|find|order",
		"consejos", "consejo",
	}},
	{ID: "peer.coping", Guard: guardPlain, Patterns: []string{
		"how|ways ~3 cope|deal|manage|handle|get_through|get_used|stay_motivated|motivate|explain|balance|keep_up|stop_worrying|prepare|live_with",
		"coping ~2 with|strategies|mechanisms|skills|tips",
		"struggling ~2 with ~6 ?",
	}},
	{ID: "peer.support", Guard: guardPlain, Patterns: []string{
		"feel|feeling|felt|im|am|so ~3 alone|lonely|isolated|overwhelmed|defeated|burnout|hopeless|discouraged|frustrated|scared|terrified|anxious|depressed",
		"overwhelmed|defeated|hopeless|discouraged|frustrated|depressed",
		"burnt|burned ~1 out",
		"need|needing ~2 support|encouragement|someone|talk",
		"vent|venting|rant",
	}},
}
