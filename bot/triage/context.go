package triage

// Context: the words around a match that change what it means.
//
// Three tables, all in the pattern language of pattern.go:
//
//   - harmlessIdioms are blanked out before any rule runs, so that "dying
//     to try it", "cut myself shaving" or "heat stroke" cannot match a danger
//     rule. Each entry must be unmistakably harmless. Only the words an
//     idiom names are blanked, never the words its gaps skipped, so an idiom
//     cannot swallow a danger phrase written inside it.
//   - cues mark a whole sentence as news, hypothetical, general, reported
//     or past, or the whole message as happening now.
//   - negators, with hedges and pronoun stops, decide whether a match is
//     negated (see negated below).

// harmlessIdioms: everyday phrases that contain danger words.
var harmlessIdioms = []string{
	"die|died|dying ~1 of|from ~1 laughter|laughing|embarrassment|boredom|cringe|shame|cuteness|jealousy|envy|heat",
	"died|dying ~1 laughing",
	"dying ~1 to ~1 try|see|know|meet|get|go|hear|read|watch|eat|find|ask|tell",
	"to|would|could ~1 die ~1 for",
	"embarrassed|embarrassing|mortified|cringe|cringed|awkward ~4 want|wanted|wanna ~2 to? ~1 die",
	"want|wanted|wanna ~2 to? ~1 die ~8 embarrassed|embarrassing|mortified|cringe|cringey|awkward",
	"kil* ~1 it", "kil* ~1 some? ~1 time", "killer", "kil* ~1 for ~1 a",
	"kil* ~1 myself ~1 laughing",
	"end|ending|ended ~1 it|things ~1 with|there|on",
	"take|taking|took ~1 my ~1 own? ~1 life ~1 back",
	"take|taking|took ~1 my|his|her|your|their ~1 life|lives ~1 into|in ~2 hands",
	"rather ~1 die|be_dead ~1 than !live|living|keep|go|carry|suffer|be|feel|exist|wake|continue|spend|face|deal",
	"exam|test|class|workout|boss|game|show|episode|meeting|shift|day|week|quiz|homework|commute|queue|ending|finale|chapter ~2 unalived|killed|destroyed|murdered ~1 me|us",
	"heat ~1 stroke", "heatstroke", "sun ~1 stroke", "stroke ~1 of ~1 luck|genius|midnight",
	"backstroke", "breaststroke", "stroking",
	"stroke ~1 my|the|her|his|their ~1 cat|dog|hair|beard|back|arm|head",
	"cut|cuts ~1 myself ~3 shaving|cooking|chopping|kitchen|accidentally|paper|glass|opening|accident|knife|gardening",
	"accidentally|accidently ~2 cut|cutting|burned|burnt|burn|hurt ~1 myself",
	"hurt|injured ~1 myself ~3 gym|lifting|fell|falling|playing|workout|working|exercising|running|skiing|sports|tripped|garden|yard|moving|walking|hiking",
	"burned|burnt ~1 myself ~3 cooking|oven|stove|pan|kettle|coffee|tea|iron|curling|baking",
	"burn|burned|burnt|cut|cutting ~5 oven|stove|pan|kettle|iron|cooking|baking|chopping|kitchen|shaving|paper|glass|accident|accidentally|tray|grill|sunburn",
	"cant ~1 breathe|breath ~1 lol|lmao|haha|hahaha|lmfao|rofl",
	"passed ~1 out ~2 asleep|lol|haha|watching",
	"passing ~1 out ~2 flyers|candy|papers|snacks|cookies|samples",
	"moon ~1 face",
	"face ~3 swollen|puffy|swelling ~3 from|on ~2 prednisone|steroids|pred|cortisone|steroid",
	"faint ~1 line|smell|hope|memory|sound|glow",
	"took|taken ~1 all ~1 my ~1 morning|evening|night|nighttime|daily|bedtime|am|pm|regular|usual|normal ~1 @pills",
	"took|taken ~1 all ~1 my ~1 @pills ~2 today|on_time|this_morning|for_the_day|like_a|on_schedule|yesterday",
	"@pills ~1 a|per|each|every ~1 day|week|morning|night",
	"@pills ~1 daily",
	// an ordinary dose, a reminder, a normal reading
	"took|take|taking|had ~1 #1..3 ~1 !@unit? @pills|@med ~3 for ~2 my|a|the|this",
	"pills|pill ~1 time|reminder|reminders|o'clock|alarm|box|organiser|organizer",
	"sats|sat|spo2|o2|oxygen|oximeter ~2 #94..100",
	"@pills|@med ~4 in|into ~2 the|my|a ~1 organiser|organizer|dosette|pillbox|pill_box",
	"@pills|@med ~3 for ~1 the ~1 week",
	"bother|bothering|pester|pestering ~3 you|anyone|yall|everyone|you_all ~3 again|anymore ~3 with ~3 questions|my_questions|my_insulin_questions",
	"@clinician ~6 have|got|made|make|making ~1 a|the|new ~1 plan|plans",
	"no ~1 point ~2 fighting|arguing ~2 with ~2 insurance|insurer|insurers|council|pharmacy|benefits|them|the_insurance",
	"cant|cannot ~1 wake ~1 up ~2 in ~1 the? ~1 mornings|morning|time|early",
	"last ~1 message|post|msg ~1 before|until|till|for ~3 vacation|holiday|holidays|hols|trip|break|surgery|op|operation|week|weekend|month|while|exams|wedding|christmas",
	"cooking|cook|chopping|chop|dinner|lunch|recipe|kitchen|veg|vegetables|carrot|carrots|onion|onions|bread|meat ~4 knife|knives",
	"knife|knives ~4 cooking|chopping|dinner|lunch|kitchen|veg|vegetables|carrot|carrots|onion|onions|bread|meat|sharpen|sharpened|block|set",
	"@glucose ~3 #80..180 ~3 this|today|after|before|morning|fasting|all|nice|good|great|fine|steady",
	"drowning ~1 in",
	"choking|choked ~1 up",
	"shoot|shot ~1 myself ~2 in ~2 foot",
	"pull ~1 the ~1 trigger ~1 on",
	"suicide ~1 squad|mission|doors|door|sprints|sprint|drills|run|runs",
	"dye|die ~1 my|her|his ~1 hair",
	"safety|care|treatment|action|crisis|coping|meal|diet|eating|insurance|payment|data|phone|exercise|workout|birth|management|travel|sick_day|sickday ~1 plan|plans",
	"plan|plans ~3 with|from|for ~2 my|the|our? ~1 therapist|doctor|gp|team|endo|psychiatrist|counselor|counsellor|nurse|bad_days|low_days|lows|flares",
	"case ~1 of ~1 emergency|emergencies",
	"emergency ~1 kit|contact|contacts|plan|bag|card|fund|id|bracelet|info|supplies|glucagon|snacks|stash|number|numbers|services",
	"seizing|seize ~1 the ~1 day|moment|opportunity",
	"famous ~1 last ~1 words",
	"shave|shaving|shaved|shaver ~10 razor|razors|blade|blades",
	"razor|razors ~10 shave|shaving|legs|beard",
	// invitations are chit-chat, not experience questions
	"anyone|anybody|who ~1 want|wanna|fancy|interested|up ~3 book|club|meet|meetup|coffee|zoom|call|chat|walk|game|join|come|hang|grab|lunch|dinner",
	"tired|sick ~1 of ~1 living ~1 with",
	"helping|working|help|work|works|helps ~1 as ~1 much|well",
	"gave|give|giving|nearly|almost ~1 me ~1 a ~1 heart ~1 attack",
	"heart ~1 attack ~1 on ~1 a ~1 plate",
	// "nearly had a heart attack when the bill came" in every language
	"nearly|almost|quase|fast|casi|quasi|presque|failli|practically ~3 heart ~1 attack|attacks",
	"nearly|almost|quase|fast|casi|quasi|presque|failli|practically ~3 infarto|herzinfarkt|schlaganfall|ictus|avc|stroke|ataque|crise|colpo",
	// a difference between two readings is not a reading: "reads 2 mmol higher"
	"#0..60 ~1 mmol|mg|points|point|units ~1 higher|lower|apart|off|out|difference|more|less|above|below",
	"higher|lower|apart|off|difference ~1 of|by ~1 #0..60",
	// Spanish figures of speech: "me muero de risa", "muerta de sueño",
	// "casi me ahogo de risa", "me mata el calor", "me vas a matar de un susto"
	"muero|muere|morir|morirme|morirse|muerta|muerto|muertas|muertos|murio|mori|moria|muriendo ~1 de|del ~1 risa|hambre|sed|sueno|verguenza|pena|frio|calor|ganas|envidia|aburrimiento|amor|nervios|miedo|celos|ternura|cansancio|curiosidad|asco|gusto|alegria|emocion|ansias|la_risa|la_verguenza|la_pena|el_calor|el_frio|el_susto|un_susto",
	"ahogo|ahogue|ahogaba|ahogando|ahogar|ahogarme ~2 de|del ~1 risa|calor|la_risa",
	"ahogarse|ahogandome|ahogando|ahogo|ahogada|ahogado ~1 en ~2 vaso_de_agua|trabajo|deudas|papeles|tareas|pendientes",
	"mata|matan|matando|matar|mato|matas ~4 calor|frio|sueno|hambre|espera|trafico|curiosidad|tacones|zapatos|risa|susto|sustos|bochorno|humedad|cola|colas|fila|filas|tramite|tramites|burocracia",
}

type cueKind uint16

const (
	cueMedia        cueKind = 1 << iota // news, research, awareness
	cueHypothetical                     // if, in case, signs of…
	cueGeneral                          // is X normal, side effect, anyone else…
	cueReported                         // my doctor said…
	cuePast                             // last year, 2019, used to…
	cueAcute                            // now, for 2 hours, help…
	cueNeverExc                         // "never … like this": never is not a denial
	cueHistory                          // years ago, used to: distant past
	cueDeath                            // died of, passed away: about someone who died
	cueJoke                             // lol, jk: hyperbole marker
	cueFear                             // scared of having…: anxiety about, not the event
	cueUnsure                           // not sure if, idk if: uncertainty about something happening
	cueScreening                        // a clinician's screening question about self-harm
	cueAnswerNo                         // "I said no", "ticked no": a question answered no
	cueResolved                         // "went back to normal", "was fine after": it is over
	cueAgain                            // "again", "still", "right now": it is not over
)

type cueSpec struct {
	Kind     cueKind
	Patterns []string
}

var cues = []cueSpec{
	{cueMedia, []string{"@media", "according ~1 to", "crisis ~1 line|lines|text|number|numbers|resources", "suicide ~1 and ~1 crisis"}},
	{cueHistory, []string{
		"years|decades|yrs ~1 ago|back",
		"#1900..2099",
		"used ~1 to",
		"history ~1 of",
		"back ~1 in|when|then",
		"when ~1 i ~1 was ~1 a|younger|young|in|at|diagnosed",
		"survivor|survived|recovered|recovery",
		"in ~1 the ~1 past",
		"as ~1 a ~1 kid|child|teen|teenager",
		"hace ~3 anos|decadas",
		"hace ~1 mucho|muchisimo ~1 tiempo",
		"de ~1 nino|nina|chico|chica|chiquito|chiquita|pequeno|pequena|joven|adolescente|chamaco|chamaca|pibe|piba|crio|cria|peque",
		"cuando ~1 era|eramos ~1 nino|nina|ninos|chico|chica|chicos|pequeno|pequena|joven|jovenes|adolescente|chiquito|chiquita|chamaco|chamaca|pibe|piba",
		"cuando ~1 tenia ~1 #",
		"#1.. ~1 anos|meses ~3 sin|limpio|limpia|libre|desde",
		"llevo ~3 anos|meses ~2 sin",
		"#1.. ~1 years|yrs|year|months|month ~3 clean|free|sober|since|without",
		"years|yrs|months ~2 clean|free|since|without",
		"clean|free ~2 for ~1 #1.. ~1 years|yrs|months",
	}},
	{cueDeath, []string{"died|passed ~1 of|from|away", "lost ~2 to ~1 a",
		"took|taken ~1 her|his|their ~1 own ~1 life", "her|his|their ~1 anniversary", "anniversary ~2 of ~2 her|his|their|my_sisters|my_brothers|my_mums|my_dads",
		"murio|fallecio|falleci*|se_murio|se_nos_fue|perdimos ~2 de|del|por|hace|en|el|la",
		"se ~1 cumple|cumplen ~4 sin|muerte|fallecimiento|que_se_fue|que_murio|que_nos_dejo",
		"en ~1 paz ~1 descanse", "qepd", "aniversario ~3 de ~2 su|mi|la_muerte"}},
	{cueScreening, []string{
		"asked|asks|ask|asking ~6 thoughts|harming|hurting|self_harm|selfharm|suicid*|ending|dead|death|killing",
		"screening|questionnaire|cuestionario|questionario|fragebogen|phq9|phq|assessment|standard_questions|usual_questions|the_questions|the_form|form|forms|checklist|preop|pre_op|formulario",
		"preguntaron|pregunto|pergunta|perguntou|demande|gefragt|chiesto ~6 @suicidal|muerte|morte|mort|tod|morte|ideas|pensamientos",
	}},
	{cueResolved, []string{
		"went|gone|came|come|got|back ~2 back ~1 to ~1 normal",
		"went|goes|gone ~1 away|off",
		"went|gone|came ~1 down ~3 on_its_own|by_itself|itself|eventually|after",
		"back ~1 to ~1 normal",
		"was|were|felt|feel|im|am ~1 fine|ok|okay|better|normal ~1 after|afterwards|since|again|now|within",
		"stopped|eased|passed|resolved|settled|subsided|cleared ~3 after|within|once|when|on_its_own|by_itself|itself|$",
		"nothing ~1 since",
		"sorted|fixed|treated ~2 it|with|by",
		"paramedics|ambulance|hospital|er|a_and_e|ae ~6 said|sent|discharged|checked|cleared|fine",
		"discharged",
		"thank|thanks|thx|ty|gracias|obrigado|obrigada|merci|danke|grazie ~3 everyone|all|yall|you|u|guys|for|todos|tous|alle|tutti|pessoal",
		"im|am|i_am|we_are|were|shes|hes|she_is|he_is ~2 safe|ok|okay|fine|home|stable|better|alright",
		"safe|home|stable|settled ~1 now",
		"estoy ~2 bien|a_salvo|en_casa", "estou ~2 bem|em_casa", "suis ~2 en_securite|rentre|rentree", "bin ~2 in_sicherheit|zu_hause", "sono ~2 a_casa|al_sicuro",
		"its|it's|it_is|now ~1 gone",
		"recovery|recovered|recovering|healed|fully_healed",
		"normal|clear|fine ~3 ecg|ekg|scan|bloods|tests|troponin",
		"ecg|ekg|scan|bloods|tests|troponin ~3 normal|clear|fine|came_back_fine",
		// Spanish: "ya se me quitó", "ya pasó", "hoy está bien", "no me volvió a dar", "me dieron de alta"
		"se ~1 me|le|nos ~1 quito|paso|fue|calmo|bajo|normalizo",
		"se ~1 quito|paso|fue|calmo ~1 solo|sola|solito|solita",
		// "ya pasó" is over; "ya me pasó antes" has happened before
		"ya ~1 paso $|todo|ya|gracias|estoy|esta|bien",
		"ya|hoy|ahora ~2 estoy|esta|estamos|anda|ando|estan ~1 bien|mejor|normal|perfecto|perfecta|estable|tranquilo|tranquila|en_casa|fuera_de_peligro",
		"no ~2 volvio|regreso|repitio|ha_vuelto|ha_regresado|se_ha_repetido|ha_pasado_mas|paso_mas",
		"dieron|dio|dan ~2 de|el|la ~1 alta",
		"dado|dada ~1 de ~1 alta",
		"descartaron|descarto|descartado|descartada|descartamos",
		"falsa ~1 alarma", "quedo|quedamos ~3 susto",
		"salio|salieron|salian ~2 bien|normal|normales|limpio|limpios|perfecto|perfectos",
		"se_me_paso|se_paso|ya_estoy_bien|ya_esta_bien|passou|ja_estou_bem|sest_calme|s'est_calme|ca_va_mieux|pas_revenu|ging_weg|wieder_gut|vorbei|e_passato|sto_bene",
	}},
	{cueAgain, []string{
		"again|still|rn|currently|happening|worse|worsening|relapse|relapsed",
		"right ~1 now", "as ~1 we ~1 speak",
		"its|it's|is|came|coming ~1 back",
		"help ~1 me|us|him|her|now", "please|pls ~2 help|someone|hurry|come", "need ~1 help", "#911|#999|#112",
		// Spanish: "otra vez", "de nuevo", "todavía", "sigue", "ahora mismo", "ayuda"
		"otra ~1 vez", "de ~1 nuevo", "nuevamente", "ahora ~1 mismo|mismito", "en ~1 este ~1 momento|instante",
		"todavia|aun|continua|continuan|empeora|empeorando|empeoro",
		"sigo|sigue|siguen ~2 con|teniendo|igual|sin|doliendo|duele|duelen|sangrando|mal|peor|sintiendo|vomitando|convulsionando|temblando|dormido|dormida|inconsciente",
		"cada ~1 vez ~1 peor|mas", "ayuda|ayudenme|ayudame|auxilio|socorro|urgente",
	}},
	{cueAnswerNo, []string{
		"said|answered|ticked|told|say|answer|answers|ticking|clicked|circled ~2 no|nope|nah|never",
		"no ~1 $", "nope", "answer|answers ~2 always ~1 no",
		"dije|conteste|respondi|puse|marque|disse|respondi|repondu|gesagt|risposto ~2 que? ~1 no|nao|non|nein|nunca|jamais|nie|mai",
	}},
	{cueJoke, []string{"lol|lmao|lmfao|haha|hahaha|rofl|jk|joking|kidding|figuratively", "not ~1 literally"}},
	{cueFear, []string{
		"fear|afraid|scared|worried|worry|worrying|anxious|anxiety|terrified|paranoid ~2 of|about|that ~2 having|getting|another|a",
		"miedo|panico|terror|temo|temor|susto ~2 de|a ~1 que? ~2 tener|tenga|me_de|me_vuelva|le_de|le_vuelva|darme|darle|otro|otra|volver|repetir",
	}},
	{cueReported, []string{
		"@clinician ~3 said|says|say|told|tells|mentioned|explained|warned|warns|explains|reckons|thinks|think|thought|assured|reassured|confirmed|informed",
		"was|were|been|being|get|got ~1 told",
		"@clinician ~3 dijo|dice|dicen|dijeron|comento|explico|advirtio|aviso|menciono|cree|piensa|aseguro|confirmo|recomendo|insiste",
		"dijo|dijeron|explico|comento|advirtio|aviso ~2 el|la|mi|los|las ~1 @clinician",
		"me|nos|le ~1 dijeron|explicaron|advirtieron|avisaron|comentaron",
	}},
	{cueHypothetical, []string{
		"if", "in ~1 case", "incase", "whether",
		"when ~1 should|do|to|would|does|will",
		"how ~3 know|tell|recognize|recognise|spot|identify",
		"signs|sign|symptoms|symptom|warning ~1 of|signs",
		"signs|symptoms ?|$",
		"recognising|recognizing|recognise|recognize|spot|spotting|spotted ~3 signs|symptoms|sign",
		"what ~2 does|do|did ~3 feel|look ~1 like",
		"difference ~1 between",
		"action ~1 plan", "emergency ~1 plan",
		"prepare|prepared|preparing",
		"practiced|practice|practise|practising|practicing|drill|drills|training|trained|course|class|learned|learning|taught|lesson",
		"en ~1 caso", "que ~1 hago|hacer ~1 si",
		// Spanish: "¿y si le vuelve…?", "¿qué pasa si…?", "por si acaso", "cómo sé si…"
		"y ~1 si", "por ~1 si ~1 acaso", "si ~1 alguna ~1 vez",
		"que ~2 pasa|pasaria|hago|hacemos|haria|hariamos|deberia|debo|debemos|tengo_que|hay_que ~2 si",
		"si ~2 llegara|llegase|pasara|pasase|diera|diese|volviera|volviese|repitiera|tuviera|tuviese|vuelve|repite",
		"como ~2 saber|se_si|distinguir|reconocer|identificar|diferenciar",
		"sintomas|senales|signos ~1 de|del",
		"diferencia ~1 entre",
		"cuando ~1 debo|deberia|hay_que|tengo_que|es_necesario|conviene",
		"plan ~1 de ~1 accion|emergencia",
		"simulacro|capacitacion|taller",
		"tomorrow|scheduled|booked|planned",
		"next ~1 week|month|time|year",
	}},
	{cueGeneral, []string{
		"is|are|can|could|does|do|was ~4 normal|common|symptom|symptoms|sign|signs|side_effect|side_effects|related|linked|cause|causes|part|usual|typical",
		"anyone|anybody ~1 else",
		"how ~1 do|did ~1 you|yall|people|others",
		"does|did|has|do|have ~1 anyone|anybody|people|others|everyone",
		"how ~1 common|often|likely",
		"what ~1 causes|cause",
		"side_effect|side_effects",
		"common|normal|typical ~2 to|with|after|in|for|when",
		"people ~2 with",
		"does|do|would ~1 that|this|it ~1 apply|count|work",
		"only|usually|sometimes|always|often|mostly ~2 when|if|after|during|while",
		// Spanish: "¿es normal…?", "¿a alguien más le pasa?", "¿las pacientes con lupus tenemos más riesgo de…?"
		"es|son|sera|seria ~3 normal|normales|comun|comunes|frecuente|frecuentes|sintoma|sintomas|efecto|efectos|senal|tipico|tipica|habitual",
		"alguien ~1 mas", "a ~1 alguien ~3 le ~1 paso|pasa|ha_pasado",
		"les ~1 ha ~1 pasado|pasa|paso",
		"personas|pacientes|gente|diabeticos|diabeticas|mujeres|hombres|ninos|ninas|enfermos|enfermas ~2 con|que_tienen|que_toman|que_usan",
		"riesgo ~2 de", "mas ~1 riesgo|probable|probables|propenso|propensa|propensos|propensas",
		"que ~1 causa|provoca|produce",
		"efecto|efectos ~1 secundario|secundarios|adverso|adversos", "contraindicacion*",
		"puede|pueden|podria|podrian ~2 dar|causar|provocar|producir",
		"con ~1 que ~1 frecuencia",
	}},
	{cuePast, []string{
		"last ~1 week|month|year|summer|winter|spring|fall|autumn|time|christmas|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs",
		"on|this_past ~1 monday|tuesday|wednesday|thursday|friday|saturday|sunday|the_weekend",
		"semana_pasada|semana_passada|semaine_derniere|letzte_woche|settimana_scorsa|hier|gestern|ieri|ontem",
		"domingo|sabado|dimanche|samedi|sonntag|samstag|domenica|sabato|lunes|segunda",
		"yesterday", "ayer", "anoche",
		"years|months|weeks|decades|year|month|week|yrs|days|nights|hours|hrs ~1 ago|back|earlier",
		"#1900..2099",
		"used ~1 to",
		"history ~1 of",
		"back ~1 in|when|then",
		"when ~1 i ~1 was",
		"survivor|survived|recovered|recovering|recovery",
		"after|since ~1 my|his|her ~1 stroke|heart|seizure|tia|dka|surgery|bypass|stent|attack",
		"died|passed ~1 of|from|away",
		"in ~1 the ~1 past",
		// "once" is past, but not "once a week", "once daily", "once more"
		"once $", "once !a|daily|weekly|per|every|or|more|again|in|a_day|a_week|to|the|off",
		"previously|previous|prior|childhood",
		"as ~1 a ~1 kid|child|teen|teenager",
		// Spanish: "el mes pasado", "la vez pasada", "hace un mes", "antier";
		// "hace un rato" and "hace 20 minutos" are now (cueAcute)
		"hace ~2 dia|dias|semana|semanas|mes|meses|ano|anos|tiempo",
		"el|la ~1 mes|ano|semana|vez|sabado|domingo|lunes|martes|miercoles|jueves|viernes|verano|invierno|navidad|finde ~1 pasado|pasada",
		"el ~1 fin ~1 de ~1 semana ~1 pasado",
		"antier|anteayer|antenoche", "antes ~1 de ~1 ayer", "el ~1 otro ~1 dia",
		"la ~1 ultima ~1 vez",
		"cuando ~1 era|tenia|estaba|estuve",
		"despues ~1 de|del ~2 infarto|derrame|ictus|convulsion|operacion|cirugia|trasplante|cateterismo|stent|bypass",
	}},
	{cueAcute, []string{
		"still ~1 have|having|hurts|hurting|there|going|getting|happening|bad",
		"right ~1 now", "now ~1 $",
		// "3 weeks on it, now a rash spreading": a symptom now
		"now ~4 @symptom|rash|blister*|bleeding|vomiting|throwing_up|swelling|swollen|spreading|cramp*|spasm*|tingl*|twitch*|shaking|locking",
		"rn|currently|atm|tonight|asap|urgent|urgently|hurry|ambulance|panicking|happening|suddenly|sudden|#911|#999|#112",
		"at ~1 the ~1 moment", "as ~1 we ~1 speak",
		"this ~1 morning|afternoon|evening|minute|second",
		"just ~1 now|started|happened|had",
		"since",
		"for ~2 past|last ~1 hour|hours|minutes|min|mins|day|days|#",
		"#1..600 ~1 min|mins|minutes|hour|hours|hrs",
		"all ~1 day|night|morning",
		"keeps|keep ~1 getting|coming|happening",
		"wont_stop|not_stopping|wont_go|getting_worse|worse|worsening",
		// a reading still moving: "sats 82 and dropping"
		"and|still ~1 dropping|falling|climbing|rising|going_down|going_up",
		"please|pls|someone|somebody|need ~1 help",
		"help ~1 me|us|him|her",
		"what ~1 do|should ~1 i|we ~1 do",
		"whats ~1 happening",
		"im|am|is|hes|shes|were|theyre|are ~1 having",
		"i ~1 have|feel|got",
		"feeling|feel|im|am|getting ~2 shaky|sweaty|clammy|dizzy|faint|confused|drowsy|weak|woozy|shivery|shivering|burning_up",
		// a temperature read now: "temp is 38.4"
		"temp|temperature|temps|fever|fiebre|temperatura ~1 is|reads|reading|now|hitting|es|marca|esta ~1 #.37.5..43",
		"temp|temperature|temps|fever|fiebre|temperatura ~0 #.37.5..43",
		"ive ~1 got|been|had",
		// "it hurts", not "thought about hurting yourself"
		"hurts|hurting|aching $|so|so_much|like|bad|badly|a_lot|all|everywhere|more|when|and|but|since|for|right|now|still|really|too",
		"it|chest|head|back|stomach|belly|tummy|arm|jaw|leg|legs|everything|body|side|neck|throat|eye|eyes ~2 hurts|hurting|aching",
		"my|his|her ~1 chest ~1 is|feels",
		"ahora|ahorita|ayuda|hoy|desde|urgente",
		// Spanish: "acabo de", "hace un rato", "hace 20 minutos", "me duele", "tengo dolor"
		"acabo|acaba|acabamos ~1 de",
		"hace ~2 rato|ratito|momento|momentito|minuto|minutos|hora|horas|media_hora",
		// "hace dos días que no…", "llevo tres días sin…": for that long, until now
		"hace ~2 dia|dias|semana|semanas|noche|noches ~1 que|q ~2 no|estoy|esta|tengo|tiene|sigo|sigue|me|le",
		"llevo|lleva|llevamos ~3 dia|dias|noches|semanas ~1 sin|con|vomitando|sangrando",
		"#1..600 ~1 minutos|minuto|hora|horas|hs|hrs|min",
		"en ~1 este ~1 momento|instante", "ahora ~1 mismo|mismito",
		"todavia|aun|sigo|sigue|siguen ~2 con|teniendo|igual|sin|doliendo|duele|duelen|sangrando|mal|peor|sintiendo|vomitando|convulsionando|temblando|dormido|dormida|inconsciente|tengo|tiene",
		"esta ~1 manana|tarde|noche|madrugada",
		"por ~1 favor", "auxilio|socorro|rapido|ayudenme|ayudame",
		"que ~1 hago|hacemos",
		"me ~1 duele|duelen|arde|aprieta|aprietan",
		"tengo|siento ~2 dolor|presion|opresion|hormigueo|punzada|punzadas|ardor|falta",
		"me ~1 siento|estoy_sintiendo",
		"estoy|esta|estamos ~1 teniendo|sintiendo",
		// a wish to die said in the first person speaks of now, whatever
		// story the sentence began with ("después de ver la serie quiero
		// suicidarme", "watched it and now i wanna die")
		"quiero|quisiera ~2 morir|morirme|matarme|suicidarme|hacerme_dano|cortarme",
		"me ~1 quiero ~1 morir|matar|suicidar",
		"i|i_just ~1 want|wanna ~2 die|kill_myself|end_it|end_my_life",
		"again|relapse|relapsed|relapsing|relapses",
	}},
	{cueUnsure, []string{
		"dont|didnt ~1 know ~1 if|whether",
		"not|unsure|notsure ~1 sure? ~1 if|whether",
		"idk|dunno|wonder|wondering|unclear|cant_tell|no_idea ~1 if|whether",
		"no ~1 se ~1 si",
		"how ~2 know|tell ~1 if|whether ~1 im|this|its|i_am|am ~1 dying|having|a|an",
	}},
	{cueNeverExc, []string{
		"like ~1 this|that", "before", "this|so ~1 bad|severe", "in ~1 my ~1 life",
	}},
}

// negators deny what follows them in the same clause.
var negators = wordSet("not no never dont doesnt didnt isnt arent wasnt werent wont wouldnt havent hasnt hadnt nor neither without denies denied deny zero nunca jamas ni sin tampoco " +
	"nao ne jamais nicht kein keine keinen nie niemals mai non sem sans ohne senza")

// hedges turn a negator into uncertainty: "not sure if I want to live" is
// not a denial. A negator directly followed by one of these is ignored.
// "Stop" makes a hedge too: "won't stop seizing", "non-stop chest pain".
var hedges = wordSet("sure certain know even saying that idea matter only se stop")

// pronounStops end the look-back: in "I'm not ok I want to die" the "not"
// belongs to "ok", not to "want to die".
var pronounStops = wordSet("i im ive id he hes she shes they theyre we were you yo je ich io eu")

// negationWindow is how many words before a match a negator may stand.
const negationWindow = 3

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, x := range w(s) {
		m[wordKey(x)] = true
	}
	return m
}

// negated reports whether the match starting at token start is denied by
// its writer: a negator up to negationWindow words before it, in the same
// clause, with no new subject in between and not part of a hedge.
func negated(toks []token, start int, sentCue []cueKind) bool {
	st := &toks[start]
	for k, n := start-1, 0; k >= 0 && n < negationWindow; k, n = k-1, n+1 {
		t := &toks[k]
		if t.clause != st.clause {
			break
		}
		if t.flags&wordNegator != 0 {
			if k+1 < len(toks) && toks[k+1].flags&wordHedge != 0 {
				continue
			}
			if t.flags&wordNever != 0 && sentCue[st.sent]&cueNeverExc != 0 {
				continue
			}
			return true
		}
		if t.flags&wordPronoun != 0 {
			break
		}
	}
	return false
}
