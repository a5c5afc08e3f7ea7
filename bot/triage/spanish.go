package triage

// Spanish rules, emergencies first (the issue asks for Spanish at least for
// emergencies). They share IDs with the English rules so that moderators
// and metrics see one scheme. Accents and ñ are folded by Normalize, so
// patterns are written without them ("me tome", "dano", "extranaria").
var spanishRules = []ruleSpec{
	{ID: "emergency.selfharm.thoughts", Guard: guardSelf, Patterns: []string{
		"quiero|quisiera|queria|deseo|ojala|quiere|queremos ~3 morir|morirme|morirse|muerto|muerta|muerte|suicidarme|suicidarse|matarme|matarse|desaparecer",
		"me ~1 voy|quiero|queria ~1 a? ~1 matar|morir|suicidar",
		"se ~1 quiere ~1 a? ~1 matar|morir|suicidar",
		"se ~1 va ~1 a ~1 matar|suicidar",
		"voy ~1 a ~1 matarme|suicidarme|quitarme",
		"matarme", "suicidarme", "suicidarse",
		"quitarme|quitarse ~1 la ~1 vida",
		"acabar|terminar ~2 con ~2 mi|su ~1 vida",
		"acabar|terminar ~2 con ~1 todo",
		"no ~1 quiero|quiere ~2 vivir|despertar|existir|estar_aqui",
		"no ~1 quiero|quiere ~1 seguir ~1 viviendo|aqui|$",
		"dormir ~2 para ~1 siempre",
		"ojala ~3 no ~1 despertar|despertara|despierte",
		"mejor ~2 muerto|muerta",
		"mejor ~3 no ~1 despertar|existir|vivir|estar_aqui",
		"cansado|cansada|harto|harta ~2 de ~1 vivir|la_vida|todo|existir",
		"dormir ~3 no ~1 despertar",
		"irme ~2 para_siempre",
		"tirarme|aventarme ~3 puente|edificio|tren|metro|ventana|$",
		"voy ~1 a ~1 tirar|aventar ~3 puente|edificio|tren|metro|ventana",
		"ganas ~1 de ~1 morir|morirme|matarme|desaparecer",
	}},
	{ID: "emergency.selfharm.mention", Guard: guardTopic, Patterns: []string{
		"suicidio", "suicida", "suicidas",
	}},
	{ID: "emergency.selfharm.hopelessness", Guard: guardSelf, Patterns: []string{
		"mejor ~2 sin ~1 mi",
		"no ~1 tengo ~2 razon|razones|motivo|motivos ~2 para ~1 vivir|seguir",
		"no ~1 vale ~1 la ~1 pena ~2 vivir|seguir",
		"no ~1 aguanto ~1 mas",
		"no ~1 puedo ~1 mas",
		"soy ~1 una ~1 carga",
		"nadie ~3 extranaria|extranara|notaria|importaria",
		"sin ~1 salida",
	}},
	{ID: "emergency.selfharm.preparation", Guard: guardSelf, Patterns: []string{
		"carta ~1 de ~1 despedida",
		"me ~1 despido ~2 de ~1 todos|todas|ustedes",
		"adios ~1 a ~1 todos|todas|mundo",
		"adios ~1 para ~1 siempre",
		"mi ~1 ultimo|ultima ~1 mensaje|adios",
	}},
	{ID: "emergency.selfharm.behaviour", Guard: guardSelf, Patterns: []string{
		"cortarme|lastimarme|quemarme|golpearme|herirme",
		"hacerme ~1 dano",
		"me ~1 corte|corto|lastimo|lastime|queme|quemo|hiero",
		"me ~1 estoy ~1 cortando|lastimando",
		"me ~1 hago|hice ~1 dano",
	}},
	{ID: "emergency.selfharm.mention", Guard: guardTopic, Patterns: []string{
		"autolesion*", "autolesiones",
	}},
	{ID: "emergency.selfharm.behaviour", Guard: guardSelf, Patterns: []string{
		"tome|trague|bebi|tomo|traga ~3 todas|todos|toda|todo ~2 las|los|mis|el|la|sus ~2 pastillas|pildoras|medicamentos|medicinas|tabletas|insulina|frasco|caja",
		"tome|trague|tomo|tomado ~3 #8.. ~2 pastillas|pildoras|tabletas|medicamentos|capsulas",
		"frasco|caja|bote ~1 entero|entera|completo|completa",
		"punado ~2 pastillas|pildoras",
	}},
	{ID: "emergency.overdose.mention", Guard: guardTopic, Patterns: []string{
		"sobredosis",
	}},
	{ID: "emergency.overdose.too_much", Guard: guardSelf, Patterns: []string{
		"demasiadas ~1 pastillas|pildoras|tabletas",
		"demasiada ~1 insulina",
	}},
	{ID: "emergency.medical.acs", Guard: guardRedFlag, Patterns: []string{
		"dolor|presion|opresion|punzadas|punzada|ardor ~3 pecho",
		"duele ~2 el ~1 pecho",
		"pecho ~3 duele|apretado|presion|oprimido",
		"infarto",
		"ataque ~2 corazon|cardiaco",
	}},
	{ID: "emergency.medical.breathing", Guard: guardRedFlag, Patterns: []string{
		"no ~1 puedo|puede|podia ~1 respirar",
		"cuesta ~1 respirar",
		"dificultad|problemas ~2 respirar",
		"me ~1 ahogo|asfixio",
		"se ~1 ahoga",
		"falta ~2 el? ~1 aire",
		"labios|dedos ~2 azules|morados",
		"no ~1 respira",
		"esta ~1 ahogando",
		"inhalador ~3 no ~1 funciona|ayuda|sirve",
	}},
	{ID: "emergency.medical.anaphylaxis", Guard: guardRedFlag, Patterns: []string{
		"garganta ~3 cierra|cerrando|cerrada|hinchada|hinchando",
		"cierra ~2 garganta",
		"hinchazon|hinchados|hinchadas|hinchada|hinchado ~3 labios|lengua|garganta",
		"labios|lengua ~3 hinchados|hinchada|hinchando",
		"anafila*",
		"use|puse|usar|usamos|pusimos ~2 epipen|adrenalina",
	}},
	{ID: "emergency.medical.seizure", Guard: guardRedFlag, Patterns: []string{
		"convulsion|convulsiones|convulsionando|convulsiona",
		"ataque|crisis ~1 epileptica|epileptico",
		"esta ~1 teniendo ~2 convulsion*|ataque|crisis",
	}},
	{ID: "emergency.medical.unconscious", Guard: guardRedFlag, Patterns: []string{
		"inconsciente",
		"no ~1 responde|reacciona|despierta",
		"se ~1 desmayo",
		"me ~1 desmaye|desmayo",
		"desmayada|desmayado",
		"perdio|perdi ~1 el ~1 conocimiento",
	}},
	{ID: "emergency.medical.stroke", Guard: guardRedFlag, Patterns: []string{
		"cara ~3 caida|torcida|paralizada|dormida|colgando",
		"boca ~2 torcida|caida",
		"no ~1 puede ~1 hablar|mover ~2 brazo|bien|$",
		"habla ~2 arrastrada|rara|enredada",
		"arrastra ~2 palabras",
		"brazo ~3 debil|dormido|sin_fuerza",
		"derrame ~2 cerebral", "ictus", "embolia",
		// an arm or a side that will not move, words that come out wrong
		"no ~2 levanta|levanto|mueve|muevo|siente|siento|puede_levantar|puedo_levantar|puede_mover|puedo_mover ~3 el|la|mi|su? ~1 brazo|brazos|pierna|mano|lado",
		"lado ~3 izquierdo|derecho ~3 dormido|dormida|paralizado|paralizada|sin_fuerza|muerto|caido|caida",
		"se ~1 le|me ~1 cayo|cae|durmio|duerme|torcio|tuerce ~2 la|el ~1 cara|boca|brazo|lado|labio",
		"sonrisa|boca ~2 chueca|chueco|torcida|de_lado",
		"habla|hablando|hablar|dice|diciendo ~3 cosas|palabras ~3 sin_sentido|raras|incoherentes|equivocadas|cambiadas|que_no_tienen_sentido|que_no_son",
		"no ~1 se ~1 le ~1 entiende ~2 nada|lo_que_dice|cuando_habla|$",
		"se ~1 le|me ~1 traba|trababa ~2 la ~1 lengua",
	}},
	{ID: "emergency.medical.hypoglycaemia", Guard: guardRedFlag, Patterns: []string{
		"hipoglucemia|hipo|bajon ~3 severa|grave|fuerte|severo",
		"confundido|confundida|temblando|desmayo ~6 azucar|glucosa|hipo|hipoglucemia",
	}},
	{ID: "emergency.medical.dka", Guard: guardRedFlag, Patterns: []string{
		"cetoacidosis",
		"cetonas ~3 altas|alto|altisimas|#3..30",
		"cetonas ~8 vomit*|nause*|dolor",
		"vomit* ~8 cetonas",
		"aliento ~3 fruta|afrutado|dulce|acetona",
	}},
	{ID: "emergency.medical.emergency_services", Guard: guardRedFlag, Patterns: []string{
		"llamar|llame|llamamos|llama|llamen ~2 al? ~1 #911|#112|ambulancia|emergencias",
		"ambulancia",
		"urgencias ~1 ya|ahora",
	}},
	{ID: "emergency.medical.dying", Guard: guardRedFlag, Patterns: []string{
		"me ~1 estoy ~1 muriendo",
		// "se va a morir" foretells a death, it states no wish: a red flag,
		// so a doctor's warning ("el doctor dijo que si sigue así se va a
		// morir") or a hypothetical is read as one
		"se ~1 va ~1 a ~1 morir",
		"siento ~2 que ~1 me ~1 muero",
	}},
	// clinical and peer phrasings common enough to be worth having
	{ID: "clinical.dose", Guard: guardPlain, Patterns: []string{
		"cuanta|cuantas|cuantos|cuanto ~2 insulina|unidades|dosis|pastillas|mg",
		"doblar|duplicar|subir|bajar|aumentar ~3 dosis",
		"olvide ~3 dosis|insulina|pastilla",
	}},
	{ID: "clinical.symptom", Guard: guardSymptom, Patterns: []string{
		"es ~1 normal",
		"debo ~2 preocuparme|ir_al_medico",
	}},
}
