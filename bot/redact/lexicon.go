package redact

// Lexicon flags: what a folded word can signal to the detectors. One map lookup per token
// gives all of them.
const (
	fCommon       uint64 = 1 << iota // an everyday or medical word: a member name made only of these is "weak"
	fFunc                            // function word (pronoun, article, preposition, auxiliary)
	fPersonal                        // refers to a person: I, my, she, mom… (dates in such sentences are personal)
	fMonth                           // month name or abbreviation
	fMonthAmbig                      // month name that is also an everyday word ("may", "march")
	fBirth                           // born, DOB, birthday…: dates nearby are birth dates
	fEvent                           // admitted, diagnosed, surgery…: dates nearby are tied to a person
	fHoliday                         // Halloween, Christmas…: a day of the year in a birth context
	fStreetSuffix                    // Street, Avenue, Road…
	fStreetAbbrev                    // St, Ave, Rd…
	fStreetPrefix                    // Calle, Via, Rue…: the street type comes first
	fUnitDesig                       // Apt, Suite, Unit…
	fDirection                       // N, NW, North…
	fIDStrong                        // MRN, SSN, NHS…: a number after it is an ID
	fIDContext                       // member, policy, claim…: an ID when followed by "ID"/"number"/"#"
	fIDNoun                          // id, number, no, nr…
	fPhoneCtx                        // call, text, cell…: a number after it is a phone number
	fTitle                           // Dr, Nurse, Mrs…: a capitalised word after it is a name
	fRelation                        // son, wife, neighbour…: "my son Jake"
	fUnit                            // mg, units, bpm, steps…: a number before it is a quantity
	fTime                            // hour, minute, day…: "2 hour drive" is not an address
	fPostcodeCue                     // zip, postcode, PLZ
	fFiller                          // is, was, my, the…: allowed between a cue and its value
	fDateLink                        // of, de, the: "14th of March", "3 de marzo de 1990"
	fNameVerb                        // said, posted…: after a sentence-initial weak name, shows it is one
	fAbbrev                          // tel, ext, approx…: a full stop after it does not end the sentence
	fIntro                           // the last word of "I'm", "I am", "my name is", "call me", "me llamo"
	fFacility                        // a word of a care facility's name or a saint's ("Hospital", "Memorial", "St")
	fNumWord                         // a number spelled out: the digits of a phone number, ninety, hundred …
	fCodeCue                         // the last word of a cue for a code, serial, plate or handle; lot, NDC, RR …
)

var lexicon = map[string]uint64{}

// maxWordLen is the longest word in any list; longer words need no lookup.
var maxWordLen = 0

func addWords(flag uint64, words string) {
	for _, w := range splitFields(words) {
		lexicon[w] |= flag
		maxWordLen = max(maxWordLen, len(w))
	}
}

func init() {
	addWords(fCommon, commonWords)
	addWords(fCommon, medicalWords)
	addWords(fFunc|fCommon, functionWords)
	addWords(fPersonal, `i im ive id ill me my mine myself we us our ours he him his himself she
		her hers herself they them their theirs you your yours u ur mom mum mother dad father son
		daughter husband wife kid kids child baby brother sister partner grandma grandpa
		grandmother grandfather aunt uncle niece nephew boyfriend girlfriend fiance fiancee
		yo mi mis ich mein meine meinem meiner meu minha eu mio mia io je moi mon ma`)
	addWords(fMonth, `january february march april may june july august september october
		november december jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo
		abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre januar
		februar marz mai juni juli oktober dezember janvier fevrier mars avril juin juillet aout
		septembre octobre novembre decembre gennaio febbraio marzo aprile maggio giugno luglio
		settembre ottobre dicembre janeiro fevereiro marco abril maio junho julho setembro outubro
		novembro dezembro`)
	addWords(fMonthAmbig, `may march mar mai`)
	addWords(fBirth, `born dob birthday birthdays bday birthdate birthdates birth geboren
		geburtstag geburtsdatum nacimiento nacido nacida naci cumpleanos cumple nee aniversario
		compleanno anniversaire nata nato nascita nascimento nasci nee`)
	addWords(fEvent, `admitted discharged diagnosed diagnosis surgery operation operated died
		passed death hospitalized hospitalised hospitalization hospitalisation transplant
		colectomy amputation delivered miscarriage stroke`)
	addWords(fHoliday, `halloween christmas xmas thanksgiving easter valentines valentine
		hanukkah diwali eid navidad nochebuena weihnachten silvester`)
	addWords(fStreetSuffix, `street avenue road boulevard drive lane court place terrace
		parkway highway circle square way close crescent grove gardens walk row mews
		trail loop alley plaza`)
	addWords(fStreetAbbrev, `st ave av rd blvd dr ln ct pl ter pkwy hwy cir sq cres gdns trl`)
	addWords(fStreetPrefix, `calle avenida avda paseo carrer rua rue via viale piazza corso avenue boulevard bd
		camino carretera ronda travesia praca largo plaza chemin quai impasse allee`)
	addWords(fUnitDesig, `apt apartment suite ste unit flat fl floor room rm bldg building
		piso puerta`)
	addWords(fDirection, `n s e w ne nw se sw north south east west`)
	addWords(fIDStrong, `mrn ssn nhs medicare medicaid passport dni nie nif nino serial
		accession versichertennummer mrns ssns`)
	addWords(fIDContext, `member patient policy insurance insurer account acct claim case
		subscriber rx prescription reference ref confirmation license licence chart record
		card group health sanitaria tarjeta user tracking order booking`)
	addWords(fIDNoun, `id ids number num no nr nummer numero`)
	addWords(fPhoneCtx, `phone phones call calls calling text texting txt cell cellphone mobile
		tel telephone whatsapp signal telegram ring dial fax landline hotline line movil
		telefono llama llamame llamar handy telefon ruf anrufen numero number portable
		contact reach mob ph`)
	addWords(fTitle, `dr doctor nurse mr mrs ms miss mx prof professor dra sr sra srta herr
		frau dott docteur doctora dottore dottoressa doutor doutora medico medica enfermera
		enfermero infirmiere infirmier infermiera infermiere enfermeira enfermeiro profesor
		profesora professeur professore professora pr mme mlle monsieur madame schwester pfleger
		auntie aunty aunt uncle nana nan grandma grandpa granny grandad abuela abuelo tia tio
		mamie papi oma opa nonna nonno zia zio vovo coach pastor father sister`)
	addWords(fRelation, `son daughter husband wife mom mum mother dad father brother sister
		partner boyfriend girlfriend friend neighbour neighbor grandma grandpa grandmother
		grandfather aunt uncle cousin niece nephew kid baby fiance fiancee roommate flatmate
		boss coworker colleague teacher therapist caregiver carer stepson stepdaughter bf gf bff
		bestie hubby wifey stepdad stepmom stepmum stepbrother stepsister grandson granddaughter
		grandchild grandkid nana nan gran granny grammy grandad granddad auntie aunty neighbour
		neighbors neighbours classmate housemate ex pharmacist educator coach pastor priest rabbi
		imam aide babysitter nanny caseworker worker physio physiotherapist dietitian dietician
		hermano hermana hijo hija madre padre mama papa abuelo abuela bisabuelo bisabuela tio tia
		primo prima sobrino sobrina nieto nieta esposo esposa marido mujer novio novia amigo amiga
		vecino vecina cunado cunada suegro suegra jefe jefa companero companera
		fils fille mere pere frere soeur mari femme copain copine ami amie voisin voisine oncle
		tante cousine neveu niece mamie papi
		sohn tochter mutter vater bruder schwester mann frau freund freundin nachbar nachbarin
		onkel tante oma opa cousine neffe nichte
		figlio figlia fratello sorella moglie amico amica vicino vicina zio zia nonno nonna
		cugino cugina nipote
		filho filha mae pai irmao irma avo tia tio sobrinho sobrinha neto neta vizinho vizinha`)
	addWords(fUnit, `mg mcg ug µg g kg lb lbs oz ml l dl mmol mol iu u unit units mmhg bpm
		steps step cal kcal calories cm mm km m mi miles mile puffs puff tabs tab tablets
		tablet pills pill caps capsules drops percent pct x times hr hrs h min mins sec secs
		am pm k ng pg meq mls cc sprays doses dose carbs gram grams liters litres`)
	addWords(fTime, `second seconds minute minutes hour hours day days week weeks month months
		year years night nights min mins hr hrs block blocks mile miles km time times`)
	addWords(fPostcodeCue, `zip zipcode postcode plz cp`)
	addWords(fFiller, `is was are my his her their our the a of its es ist this that number
		no num nr id`)
	addWords(fDateLink, `of de del the`)
	addWords(fNameVerb, nameVerbs)
	addWords(fIntro, `m im am is s me llamo`)
	addWords(fFacility, facilityTriggers)
	addWords(fNumWord, numberTriggers)
	addWords(fCodeCue, `lot lote lotto batch charge chargenbezeichnung b ndc exp expiry expires expiration
		caducidad cad scadenza verfallsdatum validade rr hc rural star`)
	for w := range cuesByLast {
		addWords(fCodeCue, w)
	}
	addWords(fAbbrev, `tel ext approx vs etc appt dept mt ft jr sr dob nr no num ref acct apt ste bldg fl rm ph mob`)
}
