package triage

// Emergency rules in Portuguese, French, German and Italian: the plainest
// ways of saying the most dangerous things, so that they never depend on
// the learned layer alone (which reads these languages too, from its
// training data). They share IDs with the English rules. Accents are folded
// by Normalize and apostrophes joined ("j'ai" is "jai", "n'en" is "nen"),
// and patterns are normalised the same way when compiled.
//
// Negation: "nao", "nicht", "kein", "nie", "jamais", "mai", Italian "non"
// and French "ne" deny what follows them (context.go); "je veux pas mourir", with the
// "ne" dropped as people speak, is handled by writing the slot after
// "veux" as a word that is not "pas" (likewise German "nicht").
var europeanRules = []ruleSpec{
	// ------------------------------------------------------------ self-harm
	{ID: "emergency.selfharm.thoughts", Guard: guardSelf, Patterns: []string{
		// pt
		"quero|queria|vou|pensando|penso|pensei|vontade ~3 morrer|suicidar|suicidarme|me_matar|matarme",
		"me ~1 matar|suicidar ~2 hoje|amanha|logo|agora|$",
		"tirar ~2 minha|a ~1 propria? ~1 vida",
		"acabar ~2 com ~2 tudo|minha_vida|a_minha_vida",
		// fr
		"veux|voudrais|envie_de|pense_a|pense_au mourir|crever|disparaitre|me_tuer|me_suicider|en_finir",
		"veux|voudrais ~1 !pas|plus|jamais ~1 mourir|crever|disparaitre|me_tuer|me_suicider|en_finir",
		"me ~1 suicider|foutre_en_l'air",
		"vais ~1 me_tuer|me_suicider",
		"mettre ~1 fin ~2 a ~1 mes|ma ~1 jours|vie",
		"en ~1 finir ~2 ce_soir|aujourd'hui|demain|pour_de_bon|une_fois_pour_toutes|avec_la_vie",
		// de
		"will|mochte|moechte|werde sterben|tot_sein",
		"will|mochte|moechte ~1 !nicht|nie|kein ~1 sterben|tot_sein",
		"will|mochte|moechte ~1 mich ~1 umbringen|toten|toeten|erhangen|erschiessen",
		"bringe|bring ~2 mich ~1 um",
		"mich ~1 umbringen|toten|toeten|selbst_toten",
		"mein ~1 leben ~1 beenden",
		"mir ~1 das ~1 leben ~1 nehmen",
		"selbstmord|suizid ~3 begehen|machen|denken|gedanken",
		// it
		"voglio|vorrei|penso_di|pensando_di ~2 morire|uccidermi|ammazzarmi|suicidarmi|farla_finita",
		"uccidermi|ammazzarmi|suicidarmi",
		"farla ~1 finita",
		"togliermi ~1 la ~1 vita",
	}},
	{ID: "emergency.selfharm.wish_dead", Guard: guardSelf, Patterns: []string{
		// pt
		"nao ~1 quero|queria ~2 mais? ~1 viver|acordar|existir|estar_aqui",
		"queria|quero ~2 nao ~1 acordar|existir|ter_nascido",
		"melhor ~3 morto|morta|morrer",
		"dormir ~2 para_sempre|pra_sempre",
		// fr
		"plus|pas ~2 me ~1 reveiller|vivre|exister",
		"mieux ~3 mort|morte|sans_moi",
		"dormir ~2 pour_toujours|pour_de_bon|et_ne_plus",
		"envie ~2 de ~1 vivre ~1 plus",
		// de
		"will|mochte|moechte ~2 nicht ~1 mehr ~2 leben|aufwachen|sein|existieren|da_sein",
		"nicht ~1 mehr ~1 aufwachen",
		"besser ~3 tot|ohne_mich",
		"einschlafen ~3 nie|nicht ~2 aufwachen",
		// it
		"non ~1 voglio|vorrei ~2 piu ~1 vivere|svegliarmi|esistere",
		"non ~1 svegliarmi ~1 piu",
		"meglio ~3 morto|morta|senza_di_me",
		"dormire ~2 per_sempre",
	}},
	{ID: "emergency.selfharm.hopelessness", Guard: guardSelf, Patterns: []string{
		"nao ~1 aguento ~1 mais ~2 viver|isso|$",
		"sou ~1 um|uma ~1 peso|fardo",
		"ninguem ~3 sentiria|sentira ~2 falta",
		"jen|je ~1 peux ~1 plus ~2 vivre|de_vivre",
		"suis ~1 un|une ~1 fardeau",
		"personne ~3 manquerait|remarquerait",
		"falle ~2 allen ~1 zur_last",
		"niemand ~3 vermissen|vermisst|merken",
		"sono ~1 un ~1 peso",
		"nessuno ~3 mancherei|accorgerebbe|noterebbe",
	}},
	{ID: "emergency.selfharm.preparation", Guard: guardSelf, Patterns: []string{
		"carta ~1 de ~1 despedida", "me ~1 despeco|despedindo ~3 todos|voces|pessoal|galera",
		"lettre ~1 d'adieu|dadieu", "je ~1 vous ~1 dis ~1 adieu", "adieu ~1 a ~1 tous",
		"abschiedsbrief", "abschied ~2 fur_immer|von_allen|von_euch",
		"lettera ~1 d'addio|daddio", "addio ~1 a ~1 tutti",
		"ultima|ultimo|derniere|dernier|letzte|letzter ~1 mensagem|message|nachricht|messaggio|post",
	}},
	{ID: "emergency.selfharm.behaviour", Guard: guardSelf, Patterns: []string{
		"tomei|engoli ~3 todos|todas|cartela|caixa|frasco ~4 remedios|comprimidos|pilulas|calmantes",
		"me ~1 cortei|cortando|cortar",
		"jai|j'ai ~1 pris|avale ~3 toute|tous|toutes|boite|plaquette ~4 medicaments|cachets|comprimes|pilules",
		"me ~1 scarifie|scarifier|coupe|couper",
		"habe ~3 alle|ganze|packung|schachtel ~3 tabletten|pillen|medikamente ~2 genommen|geschluckt",
		"mich ~1 geritzt|ritzen|ritze|schneide",
		"ho ~1 preso|ingoiato ~3 tutte|tutti|scatola|confezione ~4 pastiglie|pillole|compresse|medicine|farmaci",
		"mi ~1 taglio|sono_tagliata|sono_tagliato|tagliare",
	}},
	{ID: "emergency.selfharm.mention", Guard: guardTopic, Patterns: []string{
		"suicidio", "suicida", "automutilacao", "automutilation", "scarification",
		"selbstmord", "suizid", "suizidal", "selbstverletzung", "autolesionismo",
	}},
	{ID: "emergency.overdose.mention", Guard: guardTopic, Patterns: []string{
		"uberdosis", "ueberdosis", "surdose", "overdose",
	}},
	// ------------------------------------------------------------ medical
	{ID: "emergency.medical.acs", Guard: guardRedFlag, Patterns: []string{
		"dor|aperto|pressao|peso ~3 no ~1 peito",
		"douleur|serrement|oppression|poids ~3 poitrine|thorax",
		"schmerz*|druck|enge|stechen ~3 brust",
		"brustschmerz*", "herzinfarkt",
		"dolore|peso|oppressione|fitta ~3 petto|torace",
		"infarto", "crise ~2 cardiaque",
	}},
	{ID: "emergency.medical.breathing", Guard: guardRedFlag, Patterns: []string{
		"nao ~1 consigo ~1 respirar",
		"falta ~1 de ~1 ar",
		"narrive|arrive ~2 plus|pas ~1 a ~1 respirer",
		"peux ~1 plus|pas ~1 respirer",
		"bekomme|krieg|kriege ~2 keine ~1 luft",
		"kann ~2 nicht ~1 atmen",
		"non ~1 riesco ~1 a ~1 respirare",
		"manca ~1 l'aria|laria|il_respiro",
	}},
	{ID: "emergency.medical.stroke", Guard: guardRedFlag, Patterns: []string{
		"boca ~2 torta", "rosto ~2 caido|torto", "avc",
		"bouche ~2 de_travers|tordue", "visage ~3 paralyse|tombe",
		"schlaganfall", "mund ~2 schief|hangt",
		"ictus", "bocca ~2 storta", "faccia ~2 storta|paralizzata",
	}},
	{ID: "emergency.medical.unconscious", Guard: guardCritical, Patterns: []string{
		"desmaiou|desmaiada|desmaiado|inconsciente|desacordado|desacordada",
		"nao ~1 acorda|responde ~1 $|mais",
		"inconscient|inconsciente|evanoui|evanouie",
		"se ~1 reveille ~1 pas|plus",
		"bewusstlos|ohnmachtig|ohnmaechtig",
		"wacht ~2 nicht ~1 auf",
		"svenuto|svenuta|privo_di_sensi|priva_di_sensi|incosciente",
		"non ~1 si ~1 sveglia|risponde",
	}},
	{ID: "emergency.medical.seizure", Guard: guardCritical, Patterns: []string{
		"convulsao|convulsionando|convulsionar ~4 minutos|para|parar|sem_parar",
		"crise ~2 epilepsie|convulsion ~4 minutes|arrete|sarrete|s'arrete",
		"krampfanfall|anfall ~4 minuten|aufhoren|aufhort|hort_nicht",
		"crisi|convulsioni ~4 minuti|smette|finisce",
	}},
	{ID: "emergency.medical.anaphylaxis", Guard: guardRedFlag, Patterns: []string{
		"garganta ~3 fechando|inchada|inchando",
		"gorge ~3 gonfle|gonflee|serree|ferme",
		"hals ~3 schwillt|zu|geschwollen|eng",
		"gola ~3 gonfia|chiude|chiusa",
	}},
}
