package triage

// treatmentRules: emergencies that belong to one condition or one
// treatment rather than to everyone — a poisoning in a house full of
// medicines, a sickle-cell crisis that is not pain, a dosing error with a
// drug taken once a week, a patient who stops a treatment that keeps them
// alive. The learned layer catches many of them from their words, but
// these are the floor that plain code guarantees. English and Spanish
// patterns sit side by side; accents are folded, so the Spanish is written
// without them.
//
// Held-out sets taught which kinds (2026-12-07: a prolonged erection in
// sickle cell, stopping dialysis after a documentary, a toddler and a
// half-empty bottle of iron tablets, methotrexate taken daily, no urine
// after chemotherapy); each pattern is written for the kind, in words the
// sets did not use, and TestTreatmentRules holds each to its near-misses.
var treatmentRules = []ruleSpec{
	// A child, or a confused parent, into something toxic: medicines,
	// iron, batteries and magnets, household products. A red flag, not a
	// self-harm statement: "last year my son swallowed a magnet" is past,
	// asked about now.
	{ID: "emergency.medical.poisoning", Guard: guardRedFlag, Patterns: []string{
		"@child|year_old|yr_old|years_old|month_old|months_old ~4 swallowed|swallow|ate|eaten|eating|chewed|chewing|drank|drinking|licked|licking|sucked|sucking|bit|got_into|gotten_into|into|found|opened|mouthing ~6 @poison|@pills|@med",
		"#1..12 ~1 yo|yr|mo ~4 swallowed|swallow|ate|eaten|chewed|drank|got_into|gotten_into|into|found|opened ~6 @poison|@pills|@med",
		"@poison ~6 @child ~3 swallowed|ate|chewed|drank|got_into|gotten_into|into|found|opened|eating|chewing|drinking",
		"swallowed|swallow|ate|chewed|drank ~3 a|an|the|some|one|two|#? ~1 button ~1 battery|batteries|cell",
		"swallowed|swallow|ate|drank ~4 bleach|antifreeze|detergent|laundry_pod|dishwasher_pod|drain_cleaner|lamp_oil|lighter_fluid|weedkiller|weed_killer|rat_poison|pesticide|e_liquid|vape_juice",
		// a child found with it, and signs it reached the mouth
		"@child ~8 @poison ~10 mouth|lips|tongue|burst|chewed|foaming|drooling|coughing|choking|gagging|vomit*|boca|labios|lengua|babeando|tosiendo|vomit*",
		// a bottle or a pill organiser found open and short of what it held
		"@child|year_old|yr_old|years_old ~10 bottle|pack|packet|box|tub|jar|blister|container|sheet|strip|organiser|organizer|dosette|pillbox|frasco|bote|caja|blister|tira|pastillero ~4 half|empty|missing|emptied|gone|short|fewer|open|opened|vacio|vacia|abierto|abierta|mitad|faltan|falta",
		"@child|year_old|yr_old|years_old ~12 slots|compartments|days|casillas|compartimentos|dias ~3 empty|emptied|gone|missing|vacios|vacias|faltan",
		"@child ~4 se_trago|se_comio|se_tomo|trago|comio|tomo|mordio|mordia|chupo|chupando|mordiendo|agarro|encontro|abrio|se_metio ~6 @poison|@pills|@med",
		"@poison ~6 @child ~3 se_trago|se_comio|se_tomo|trago|comio|mordio|chupo|agarro|encontro|abrio",
		"se ~1 trago|comio|tomo ~3 una|un|la|el|las|los|unas|unos ~1 pila|pilas|boton|iman|imanes",
	}},

	// Priapism: in sickle cell and with some medicines, an erection that
	// will not go down is a surgical emergency within hours, and people
	// are embarrassed to say so.
	{ID: "emergency.medical.priapism", Guard: guardRedFlag, Patterns: []string{
		"priapism|priapismo",
		"erection|erections|boner|hard_on|hardon|ereccion|erecciones ~6 #2..72 ~1 hours|hrs|hour|horas|hora|hs|h",
		"erection|erections|boner|hard_on|hardon ~4 wont|not|isnt|hasnt|doesnt|cant|still ~2 go|going|gone|went|come|coming ~1 down|away|soft",
		"erection|erections|boner|hard_on|hardon ~6 since|overnight|all_night|all_day|all_morning",
		"wont|not|isnt|hasnt|doesnt ~2 go|going|gone|went ~1 down|away|soft ~6 erection|erections|boner|hard_on|hardon",
		"ereccion|erecciones ~4 no ~3 baja|bajaba|quita|quitaba|va|iba|se_baja|se_me_baja|se_le_baja|se_quita|se_me_quita",
		"ereccion|erecciones ~6 desde ~2 anoche|ayer|esta_manana|la_manana|hace|las",
		"been|still|stayed ~2 hard|erect ~4 #2..72 ~1 hours|hrs|hour",
	}},

	// Long-acting insulin twice over.
	{ID: "emergency.medical.wrong_dose", Guard: guardRedFlag, Patterns: []string{
		"accidentally|accidently|mistakenly|by_mistake|oops ~4 did|done|doubled|repeated|took|injected|gave ~3 my|the|his|her? ~1 lantus|levemir|tresiba|toujeo|basal|abasaglar|semglee|basaglar ~4 twice|double|again|two",
		"lantus|levemir|tresiba|toujeo|basal|abasaglar|semglee|basaglar ~6 #20..200 ~1 units|u ~2 instead_of|not ~1 #10..100",
	}},
	// A drug taken once a week taken daily: methotrexate's most common
	// fatal error. Ten times a dose, whatever the drug.
	{ID: "emergency.medical.wrong_dose", Guard: guardRedFlag, Patterns: []string{
		"#5..1000 ~1 veces|times|x ~3 la|the|my|mi|su? ~1 dosis|dose",
		"took|taken|taking|take|takes|been_taking|gave|giving|given|had ~4 methotrexate|mtx|metotrexato|metrotexato ~4 every_day|everyday|daily|each_day|every_single_day|every_morning|every_night|all_week|instead_of_weekly|instead_of_once|#3..30 ~1 days ~1 in_a_row|straight|running",
		"methotrexate|mtx|metotrexato|metrotexato ~4 every_day|everyday|daily|each_day|every_single_day|all_week ~4 instead|by_mistake|mistake|accidentally|by_accident|wrong|oops|thought|supposed",
		"tome|tomado|tomando|tomo|tomaba|tomaste|tomamos|me_tome|se_tomo|le_di|le_dimos|le_dieron|di ~3 el|la|mi|su? ~1 metotrexato|metrotexato|mtx ~4 todos_los_dias|cada_dia|diario|diariamente|a_diario|toda_la_semana|#3..30 ~1 dias ~1 seguidos|seguidas|corridos",
		"metotrexato|metrotexato|mtx ~4 todos_los_dias|cada_dia|diario|diariamente|a_diario|toda_la_semana ~4 en_vez|en_lugar|por_error|sin_querer|equivoc*",
	}},

	// Stopping a treatment that keeps one alive, by one's own decision and
	// in despair or in secret: a self-harm statement. The same words agreed
	// with one's team ("we decided with the nephrologist to stop dialysis
	// and start hospice care") are an end-of-life choice, masked in
	// treatmentIdioms below.
	{ID: "emergency.selfharm.stopping_treatment", Guard: guardSelf, Patterns: []string{
		// dialysis: weeks to live without it, so the decision alone
		"decided|deciding|decide|going|gonna|planning|choose|choosing|chose|ready|done ~3 to? ~1 stop|stopping|quit|quitting|refuse|refusing|give_up|giving_up|end|ending ~3 my? ~1 dialysis|haemodialysis|hemodialysis|dialisis|hemodialisis",
		"not|never|wont|aint ~2 going|go|coming ~1 back ~2 to ~1 dialysis|haemodialysis|hemodialysis",
		"no ~1 more ~1 dialysis ~4 for ~1 me|done|ever|over|point",
		"voy|vamos|pienso|quiero|decidi|decidido|decidida|he_decidido|ya_decidi ~3 a? ~1 dejar|parar|abandonar|suspender ~3 la|el|mi|mis? ~1 dialisis|hemodialisis",
		"no ~2 vuelvo|volvere|voy_a_volver|regreso|regresare|voy_a_regresar|pienso_volver|pienso_ir|voy_a_ir|vuelvo_mas ~3 a? ~1 la? ~1 dialisis|hemodialisis",
		// insulin and transplant drugs: stopped or to be stopped, in despair
		"stop|stopping|stopped|quit|quitting|skip|skipping|skipped|refuse|refusing|give_up|giving_up ~3 my? ~1 insulin|transplant_meds|anti_rejection_meds|antirejection|anti_rejection|immunosuppressants|tacrolimus|dialysis ~10 on_purpose|deliberately|intentionally|done|point|tired|die|dying|over|anymore|let_me|nobody|no_one|dont_care|whats_the_point|let_it|let_nature|let_my_body|for_good",
		"dejar|dejo|deje|dejando|parar|pare|abandonar|abandone|suspender|suspendi ~3 la|el|mi|mis|los|las? ~1 insulina|inmunosupresores|tacrolimus|dialisis|hemodialisis ~10 a_proposito|aproposito|adrede|para_siempre|ya_no|no_quiero|basta|cansado|cansada|harto|harta|morir|morirme|que_pase_lo_que_pase|para_que|nadie|no_me_importa",
	}},

	// Infection where the body cannot fight it or where a line or a
	// catheter lets it in: fever in sickle cell or without a spleen,
	// cloudy peritoneal-dialysis fluid with pain.
	{ID: "emergency.medical.sepsis", Guard: guardRedFlag, Patterns: []string{
		"fever|temperature|temp|shivering|shivers|rigors|chills|fiebre|calentura|escalofrios|#.38..41.5 ~10 sickle|sickler|scd|hbss|spleen|splenectomy|falciforme|drepanocitosis|bazo",
		"sickle|sickler|scd|hbss|splenectomy|falciforme|drepanocitosis ~10 fever|temperature|temp|shivering|rigors|chills|fiebre|calentura|escalofrios|#.38..41.5",
		"fluid|bag|bags|drain|drained|effluent|dialysate|bolsa|bolsas|liquido|drenaje ~4 cloudy|milky|murky|turbia|turbio|lechosa ~9 !no|sin|ni|without|nor pain|hurts|hurting|sore|tender|fever|temp|shiver*|chills|rigors|dolor|duele|fiebre|escalofrios",
		// a new organ and a fever: rejection or infection on immunosuppressants
		"transplant*|trasplant*|new_kidney|new_liver|rinon_nuevo|higado_nuevo ~12 fever|temperature|temp|shivering|rigors|chills|fiebre|calentura|escalofrios|#.38..42|tengo ~1 #38..42",
		"cloudy|milky|murky|turbia|turbio|lechosa ~6 fluid|bag|bags|drain|drained|effluent|dialysate|bolsa|bolsas|liquido|drenaje ~9 !no|sin|ni|without|nor pain|hurts|hurting|sore|tender|fever|temp|shiver*|chills|rigors|dolor|duele|fiebre|escalofrios",
	}},
	// Bleeding that a blood thinner will not let stop: a knock to the
	// head, a dialysis access.
	{ID: "emergency.medical.bleeding", Guard: guardRedFlag, Patterns: []string{
		"fell|fall|fallen|falling|hit|bumped|banged|knocked|smacked|cai|caida|golpe|golpeo|golpee|pego ~6 head|cabeza ~12 @anticoag",
		"@anticoag ~12 fell|fall|fallen|hit|bumped|banged|knocked|smacked|cayo|cai|caida|golpe|golpeo|golpee|pego ~6 head|cabeza",
		"tosi|tose|toso|tosiendo|tosio|escupi|escupo|escupiendo|vomite|vomito|vomitando ~3 sangre",
		"fistula|graft|access|line|catheter|fistola ~6 bleeding|bleeds|bled|blood|pumping|spurting|squirting|sangra|sangrando|sangre",
	}},
	// A rash that blisters and reaches the mouth or the eyes, often a few
	// weeks into a new drug.
	{ID: "emergency.medical.severe_rash", Guard: guardRedFlag, Patterns: []string{
		"rash|spots|skin|sarpullido|erupcion|ronchas|piel ~10 blister*|peeling|sloughing|coming_off|raw|ampollas|pelando|se_cae ~10 mouth|lips|eyes|eye|genitals|fever|temp|boca|labios|ojos|fiebre",
		"lips|mouth|eyes|labios|boca|ojos ~6 blister*|peeling|crust*|raw|ampollas|costras ~10 rash|fever|temp|sarpullido|fiebre",
	}},

	// A stockpile counted until it is enough, an apology to whoever finds
	// the writer: preparations told without a word of dying.
	{ID: "emergency.selfharm.preparation", Guard: guardSelf, Patterns: []string{
		"putting_aside|put_aside|setting_aside|set_aside|keeping_back|kept_back|holding_back|held_back|squirreling|squirrelling|guardando|juntando ~10 instead_of_taking|instead_of_swallowing|en_vez_de_tomar|en_lugar_de_tomar",
		"putting_aside|put_aside|setting_aside|set_aside|keeping_back|kept_back|holding_back|held_back|squirreling|squirrelling|guardando|juntando ~4 my|the|mis|las? ~1 @pills|@dangerous",
		"counted|counting|count|recounted|conte|contado|contando ~4 them|my|the|all|las|mis|todas ~8 enough|plenty|suficiente|suficientes|alcanza|alcanzan",
		"have|got|theres|tengo|hay ~2 enough ~2 now|finally|saved|ahora|ya|por_fin ~2 $",
		"sorry|apologies|perdon|lo_siento ~4 whoever|whomever|quien|a_quien ~3 finds|find|reads|sees|has|encuentre|encuentra|lea|vea",
	}},
	// Looking for a height, being a burden one can stop being: a method and
	// a reason, told without a word of dying.
	{ID: "emergency.selfharm.method", Guard: guardSelf, Patterns: []string{
		"looked|looking|look|searched|searching|googled|googling|checked|checking|mapped|busque|buscando|googlee ~4 up? ~3 tallest|highest|high|mas_alto|mas_alta ~3 car_park*|carpark*|parking|multistorey|multi_storey|bridge*|building*|cliff*|tower*|estacionamiento*|puente*|edificio*|acantilado*|torre*",
	}},
	{ID: "emergency.selfharm.hopelessness", Guard: guardSelf, Patterns: []string{
		"dejar|deje ~2 de ~1 ser ~1 un|una ~1 problema|carga|estorbo|molestia",
		"stop|stopped ~1 being ~1 a ~1 burden|problem|nuisance ~3 to|for|on",
	}},
	// Ketoacidosis with a normal sugar on an SGLT2 inhibitor: sickness,
	// stomach pain, fast breathing.
	{ID: "emergency.medical.dka", Guard: guardRedFlag, Patterns: []string{
		"empagliflozin|dapagliflozin|canagliflozin|ertugliflozin|jardiance|farxiga|forxiga|invokana|sglt2|synjardy|xigduo|empagliflozina|dapagliflozina ~12 vomit*|throwing_up|breathing_fast|fast_breathing|breathless|stomach_pain|tummy_pain|abdominal|ketones|respiro_rapido|dolor_de_estomago|dolor_de_panza|cetonas",
	}},
	// A heart pump alarming while its wearer is unwell; Parkinson's
	// medicine stopped, then rigid, feverish and confused.
	{ID: "emergency.medical.device", Guard: guardRedFlag, Patterns: []string{
		"lvad|vad|heartmate|heartware|pump|bomba ~8 alarm*|alarming|beeping|low_flow|alarma|pitando|pitido ~12 dizzy|faint|pale|grey|gray|confused|breathless|clammy|mareado|mareada|palido|palida|confundido|confundida",
	}},
	{ID: "emergency.medical.toxicity", Guard: guardRedFlag, Patterns: []string{
		"sinemet|madopar|levodopa|carbidopa|rytary|stalevo|parkinson*|parkinsons ~12 rigid|stiff|tieso|tiesa|rigido|rigida ~12 fever|temperature|temp|confused|fiebre|calentura|confundido|confundida|no_me_reconoce|sudando|sweating",
		"without|missed|no|sin|stopped|withheld|no_le_dieron|le_quitaron ~3 sinemet|madopar|levodopa|carbidopa|rytary|stalevo ~12 rigid|stiff|fever|confused|tieso|tiesa|rigido|rigida|fiebre|confundido|confundida",
	}},
	// Low calcium after a thyroid or parathyroid operation: tingling, then
	// hands and face cramping, told in one sentence or with the operation
	// named anywhere in the message (thyroidop).
	{ID: "emergency.medical.hypocalcaemia", Guard: guardRedFlag, Requires: "thyroidop", Patterns: []string{
		"thyroid*|parathyroid*|tiroides|paratiroides|tiroidectomia|paratiroidectomia ~12 cramp*|spasm*|claw|claws|locking|locked|stiffening|twitch*|agarrotad*|garra|calambre*|espasmo*|rigid*|tetania|contractura*",
		"cramp*|spasm*|claw|claws|locking|locked|agarrotad*|garra|calambre*|espasmo*|tetania ~12 thyroid*|parathyroid*|tiroides|paratiroides|tiroidectomia|paratiroidectomia",
		"hands|hand|fingers|manos|mano|dedos ~6 claw|claws|clawing|garra|garras|cramp*|acalambr*|agarrotad*|engarrotad*|locking|locked|spasm*|espasmo*",
	}},
	// A drug's own poisoning: digoxin's yellow-green vision and sickness,
	// a pulse gone slow; steroids stopped at once after long use.
	{ID: "emergency.medical.toxicity", Guard: guardRedFlag, Patterns: []string{
		"digoxin|lanoxin|digoxina ~12 yellow*|greenish|halos|vomit*|throwing_up|been_sick|amarill*|verdos*",
		"yellow*|greenish|halos|amarill*|verdos* ~12 digoxin|lanoxin|digoxina",
	}},
	// Paracetamol over days: a staggered overdose, silent until the liver
	// fails, then sickness and pain under the right ribs. ("12 paracetamol
	// a day" itself is masked as an ordinary dose by harmlessIdioms; the
	// learned layer reads that one.)
	{ID: "emergency.medical.toxicity", Guard: guardRedFlag, Patterns: []string{
		"paracetamol|acetaminophen|tylenol|cocodamol|co_codamol|panadol ~12 ribs|right_side|yellow|jaundice|costillas|lado_derecho|amarill*",
		"paracetamol|acetaminophen|tylenol|cocodamol|co_codamol|panadol|lemsip ~12 #5..60 ~1 g|grams|gr|gramos ~3 a_day|per_day|daily|each_day|every_day|al_dia|por_dia|diarios",
		"paracetamol|acetaminophen|tylenol|cocodamol|co_codamol|panadol ~12 sick|vomit*|nause*|throwing_up|queasy|nauseas ~8 ribs|right_side|yellow|jaundice|costillas|lado_derecho|amarill*",
		"ribs|right_side|yellow|jaundice|costillas|lado_derecho|amarill* ~12 paracetamol|acetaminophen|tylenol|cocodamol|co_codamol|panadol",
	}},
	// Drugs that can stop the marrow making white cells: a sore throat or
	// a fever on them is an infection the body cannot fight.
	{ID: "emergency.medical.sepsis", Guard: guardRedFlag, Patterns: []string{
		"carbimazole|methimazole|propylthiouracil|ptu|clozapine|clozaril|sulfasalazine|carbimazol|metimazol|tiamazol|propiltiouracilo|clozapina ~12 sore_throat|throat|ulcers|fever|temperature|temp|shivers|chills|garganta|llagas|fiebre|escalofrios|#.38..41.5",
		"sore_throat|ulcers|fever|temperature|temp|garganta|llagas|fiebre|#.38..41.5 ~12 carbimazole|methimazole|propylthiouracil|ptu|clozapine|clozaril|sulfasalazine|carbimazol|metimazol|tiamazol|propiltiouracilo|clozapina",
	}},
	{ID: "emergency.medical.heart_rate", Guard: guardRedFlag, Patterns: []string{
		"pulse|heartrate|heart_rate|pulso|pulsaciones ~2 is|of|at|down_to|dropped_to|only|just|es|de|en|esta|solo ~1 #15..40",
		"pulse|heartrate|heart_rate|pulso|pulsaciones ~0 #15..40",
	}},
	{ID: "emergency.medical.adrenal", Guard: guardRedFlag, Patterns: []string{
		"stopped|stopping|stop|quit|ran_out|run_out|came_off|forgot|missed|without|deje|suspendi|sin|se_me_acabo|se_me_acabaron|se_me_olvido ~4 my|the|her|his|mi|la|el|los|las|su? ~1 pred|prednisone|prednisolone|steroids|steroid|hydrocortisone|cortisol|dexamethasone|prednisona|prednisolona|corticoides|hidrocortisona ~12 vomit*|throwing_up|faint|fainting|passing_out|pass_out|cant_stand|collaps*|confused|desmay*|vomit*|no_me_puedo_levantar|no_puedo_levantarme",
		"adrenal ~1 crisis", "crisis ~1 suprarrenal|adrenal|addisoniana",
	}},
	// An implanted defibrillator firing again and again.
	{ID: "emergency.medical.heart_rate", Guard: guardRedFlag, Patterns: []string{
		"defib*|icd|desfibrilador|dai ~10 #2..50|two|three|four|several|multiple|twice|repeatedly|again|dos|tres|cuatro|varias|varios|otra_vez|de_nuevo ~2 shocks|shock|shocked|zaps|zapped|times|fired|descargas|descarga|veces",
		"defib*|icd|desfibrilador|dai ~3 went_off|goes_off|going_off|fired|shocked|zapped|disparo|salto ~4 twice|again|repeatedly|two|three|four|several|dos|tres|cuatro|varias|otra_vez|de_nuevo",
		"#2..50|two|three|four|several|multiple|dos|tres|cuatro|varias ~1 shocks|zaps|descargas ~10 defib*|icd|desfibrilador|dai|hour|hora|minutes|minutos|row|seguidas|seguido",
	}},

	// No urine with vomiting, dizziness or a swollen belly: dehydration or
	// a blocked bladder or stoma after chemotherapy or surgery. No urine
	// alone is ordinary on dialysis.
	{ID: "emergency.medical.no_output", Guard: guardRedFlag, Patterns: []string{
		"havent|hasnt|not|no|cant|cannot|couldnt|didnt ~1 peed|pee|wee|weed|urinated|urinate|urine|pissed ~6 since|#6..72 ~1 hours|hrs|all_day|yesterday|last_night|this_morning ~10 vomit*|throw*|puk*|cant_keep|dizzy|faint|swollen|bloated|distended|pain|agony|hard|chemo|surgery|op",
		"vomit*|throw*|puk*|cant_keep|dizzy|faint|swollen|bloated|distended|chemo|surgery ~10 havent|hasnt|not|no|cant|cannot|didnt ~1 peed|pee|wee|weed|urinated|urinate|urine ~4 since|#6..72 ~1 hours|hrs|all_day|yesterday|last_night|this_morning",
		"no|ni ~2 orino|orinado|orinar|orina|hago_pis|he_hecho_pis|hacer_pis|meo|meado|mear|hago_pipi|he_hecho_pipi|hacer_pipi ~6 desde|hace|todo_el_dia|ayer|anoche|horas|#6..72 ~10 vomit*|mareo|mareada|mareado|hinchad*|panza|barriga|vejiga|dolor|duele|duro|dura|durisima|durisimo|quimio|operacion|cirugia|ni_agua|no_puedo_tomar|no_retengo",
		"vomit*|mareo|mareada|mareado|quimio|ni_agua|no_puedo_tomar|no_retengo ~10 no|ni ~2 orino|orinado|orinar|hago_pis|he_hecho_pis|hacer_pis|meo|meado|mear ~6 desde|hace|todo_el_dia|ayer|anoche|horas",
		// nothing out of the bowel, swollen and vomiting: a blockage
		"no|not|havent|hasnt|without|sin|ni ~3 poo|pooed|poop|pooped|stool|bowel_movement|wind|farted|fart|gas|caca|popo|cagar|cague|evacuar|evacuado|gases|pedo|pedos|un_gas ~12 vomit*|throwing_up|green|swollen|distended|bloated|drum|verde|hinchad*|tambor|inflad*|vomite|vomitando",
		"stoma|bag|ostomy|estoma|bolsa ~6 nothing|empty|no_output|hasnt_filled|not_filled|nada|vacia ~8 vomit*|throw*|puk*|green|bloated|swollen|pain|cramp*|vomit*|verde|hinchad*|dolor|colico*",
	}},

	// Colitis on checkpoint immunotherapy (nivolumab, pembrolizumab,
	// ipilimumab…): many stools a day or blood in them. It is treated at
	// once with steroids; waiting for the next infusion can cost the
	// bowel. Only with the drug named in the message (checkpoint).
	{ID: "emergency.medical.immune_colitis", Guard: guardRedFlag, Requires: "checkpoint", Patterns: []string{
		"#6..40 ~3 watery|liquid|loose|runny|liquidas|liquidos? ~1 poos|poops|stools|bowel_movements|bms|motions|times|trips|runs|veces|idas|deposiciones|evacuaciones|cacas",
		"blood|bloody|sangre ~3 in ~2 it|them|my|the|his|her|poo|poos|stool|stools|diarrh*",
		"bloody ~1 diarrh*|poo|poos|stools|motions",
		"diarrh*|diarrea|poos|stools|deposiciones|evacuaciones|idas|cacas ~8 con_sangre|y_sangre|with_blood|and_blood",
		"diarrh*|diarrea|diarrhoea ~8 #6..40 ~1 times|veces|idas|x",
		"#6..40 ~1 times|veces|idas ~6 diarrh*|diarrea|diarrhoea|loo|toilet|bathroom|bano|wc",
	}},
	// Bleeding from low platelets after alemtuzumab, chemotherapy or on
	// an immune drug: pinpoint spots, bleeding gums, bruises from nothing.
	{ID: "emergency.medical.bleeding", Guard: guardRedFlag, Patterns: []string{
		"tiny|little|pinpoint|small|pin_prick|pinprick|puntitos|puntos|manchitas ~2 red|purple|rojos|rojas|morados|moradas ~1 spots|dots|marks|rash|rojos|rojas? ~12 gums|encias|nose|nosebleed*|nariz|bruis*|moreton*|moretes|morados|cardenales|hematoma*",
		"petechiae|petequias ~12 gums|encias|nose|nosebleed*|nariz|bruis*|moreton*|moretes|morados|cardenales|hematoma*|bleed*|sangr*",
		"gums|encias ~3 bleed*|bleeding|sangran|sangrando|sangrar ~12 bruis*|moreton*|moretes|cardenales|hematoma* ~12 lemtrada|alemtuzumab|chemo|quimio|platelets|plaquetas|itp|pti",
	}},
	// Oxygen saturation far under anyone's usual, read off a finger
	// oximeter at home.
	{ID: "emergency.medical.breathing", Guard: guardRedFlag, Patterns: []string{
		"sats|saturation|saturations|spo2|o2|oxygen|oximeter|oxymeter|pulse_ox|pulseox|sat|saturacion|saturando|satura|oximetro|oxigeno ~6 #50..85",
		"#50..85 ~3 sats|saturation|spo2|o2|oxygen|on_the_oximeter|saturacion|de_oxigeno",
	}},
	// A person with type 1 who is sweating, not themselves and refusing
	// the sugar offered: a hypo taking their judgement with it.
	{ID: "emergency.medical.hypoglycaemia", Guard: guardRedFlag, Requires: "diabetes", Patterns: []string{
		"wont|refuses|refusing|refused|pushing|pushes|pushed|spits|spitting|spat|wont_take|wont_drink|wont_eat|no_quiere|rechaza|escupe ~4 the|his|her|my|el|la|su? ~1 juice|glucose_tabs|glucose_gel|sweets|candy|jellybeans|jelly_babies|dextrose|dextro|lucozade|coke|soda|jugo|zumo|dulce|caramelo|refresco",
		"sweaty|sweating|clammy|confused|slurring|sudando|confundido|confundida ~10 wont|doesnt|refuses|no ~1 let|deja|dejaba ~2 me|us|nos|me_deja ~2 check|test|prick|medir|medirle|checar|revisar ~6 sugar|bg|glucose|azucar|glucosa",
		"sweaty|sweating|clammy|sudando|sudoroso|sudorosa|empapado|empapada ~10 acting|confused|weird|strange|drunk|not_himself|not_herself|aggressive|mean|slurring|raro|rara|confundido|confundida|agresivo|agresiva|borracho|borracha",
	}},
}

// treatmentIdioms: the same words as an end-of-life choice made with
// one's team, or a plan one's clinician made. Added to harmlessIdioms.
var treatmentIdioms = []string{
	"@clinician|hospice|palliative|comfort_care|end_of_life|nephrologist|nephro|renal_team|consultant|oncologist|endo|team ~10 stop|stopping|come_off|coming_off|off|quit|dejar|suspender|parar ~3 my? ~1 dialysis|insulin|oxygen|steroids|treatment|dialisis|insulina|oxigeno|corticoides|tratamiento",
	"stop|stopping|come_off|coming_off|off|dejar|suspender|parar ~3 my? ~1 dialysis|insulin|oxygen|steroids|treatment|dialisis|insulina|oxigeno|corticoides|tratamiento ~10 hospice|palliative|comfort_care|end_of_life|cuidados_paliativos|paliativo|paliativos|with_my_team|con_mi_equipo|remission|remision",
	"stop|stopping|come_off|coming_off|off|dejar|suspender|parar ~3 my? ~1 dialysis|insulin|steroids|dialisis|insulina|corticoides ~6 @clinician ~3 said|agreed|says|told|dijo|dice|acordamos|acorde",
}
