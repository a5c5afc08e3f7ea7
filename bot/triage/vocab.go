package triage

import "strings"

// Word classes used in patterns as @name. Each class is a list of single
// words (stems end in *). They are written the way people type them;
// normalisation (case, accents, leetspeak, doubled letters) happens when the
// patterns are compiled, exactly as for messages.
//
// Keep each list to one meaning: a reviewer should be able to read a
// pattern such as "took|swallowed ~2 #8.. @pills" without looking anything
// up beyond this file.
var vocab = map[string][]string{
	// who: objects of self-directed harm, and people reported about
	"self":   w("myself meself myslf mself yourself himself herself themselves themself ourselves"),
	"person": w("friend friends bf gf boyfriend girlfriend husband wife partner son daughter kid kids child mom mum mother dad father brother sister sis bro grandma grandpa nan cousin roommate coworker colleague uncle aunt niece nephew neighbor neighbour teen teenager baby toddler infant grandson granddaughter"),

	// children in a carer's home, for poisonings ("my 2 year old got into…")
	"child": w("toddler toddlers baby babies infant son daughter kid kids child children grandson granddaughter niece nephew twins lo hijo hija hijos hijas nene nena nenes bebe bebes bebito bebita nino nina ninos ninas chamaco chamaca chiquito chiquita peque crio cria nieto nieta sobrino sobrina guagua"),
	// what poisons a child besides medicine
	"poison": w("iron ferrous vitamin* gummies gummy edible* battery batteries magnet magnets pod pods detergent bleach antifreeze cleaner* dishwasher laundry drain turps turpentine kerosene paraffin lamp lighter nicotine vape vapes eliquid pesticide* poison weedkiller fertiliser fertilizer patch patches hierro vitaminas gomitas pila pilas boton iman imanes detergente lejia cloro lavandina anticongelante veneno raticida insecticida nicotina vapeador parche parches limpiador desatascador destapacanos queroseno gasolina aguarras"),

	// blood thinners, for a knock to the head
	"anticoag": w("warfarin coumadin sintrom acenocumarol eliquis apixaban xarelto rivaroxaban dabigatran pradaxa edoxaban lixiana savaysa heparin clexane enoxaparin anticoagulant* anticoagulante* thinner thinners anticoagulado anticoagulada"),

	// means: tablets and the medicines most often taken in overdose
	"pills": w("pill* painkiller* tablet* tabs caps capsule* meds medication* medicine* sleeping benadryl tylenol paracetamol acetaminophen ibuprofen advil motrin aspirin xanax valium ativan klonopin oxy oxycodone percocet* vicodin norco codeine morphine tramadol gabapentin lyrica seroquel ambien zopiclone amitriptyline lithium pastilla* pildora* tableta* medicamento*"),

	// units of a dose: "800mg ibuprofen" is one dose, "30 pills" is a count
	"unit": w("mg mgs mcg ug g gr gram grams milligram milligrams kg ml l dl mmol iu u unit units x mgs puffs puff"),

	// anything a patient takes or uses for a condition
	"med": w("med meds blocker blockers biologic* preventative* preventive sudafed decongestant* medication* medicine* insulin* metformin ozempic semaglutide wegovy mounjaro tirzepatide trulicity victoza jardiance farxiga glipizide gliclazide lantus levemir tresiba toujeo basal bolus novolog novorapid humalog fiasp lyumjev apidra glucagon baqsimi inhaler* puffer* ventolin albuterol salbutamol symbicort advair seretide trelegy spiriva fostair breo flovent qvar pulmicort prednisone prednisolone pred steroid* montelukast singulair nebuliser nebulizer neb keppra levetiracetam lamotrigine lamictal depakote valproate epilim carbamazepine tegretol topiramate topamax lacosamide vimpat briviact xcopri cenobamate clobazam onfi diazepam valium lorazepam ativan midazolam furosemide lasix torsemide bumetanide bumex spironolactone entresto carvedilol metoprolol bisoprolol lisinopril ramipril losartan digoxin warfarin coumadin eliquis apixaban xarelto rivaroxaban aspirin statin* atorvastatin rosuvastatin sumatriptan triptan* rizatriptan maxalt imitrex nurtec ubrelvy aimovig emgality ajovy vyepti qulipta botox propranolol amitriptyline nortriptyline humira adalimumab remicade infliximab entyvio vedolizumab stelara ustekinumab skyrizi rinvoq mesalamine mesalazine lialda pentasa asacol azathioprine imuran mercaptopurine methotrexate budesonide entocort ibuprofen advil motrin tylenol paracetamol acetaminophen naproxen aleve nsaid* antibiotic* amoxicillin doxycycline paxlovid antihistamine* zyrtec cetirizine claritin loratadine benadryl ssri* sertraline zoloft fluoxetine prozac lexapro escitalopram citalopram wellbutrin bupropion venlafaxine effexor duloxetine cymbalta gabapentin pregabalin lyrica tramadol oxycodone hydrocodone morphine codeine vitamin* supplement* melatonin magnesium potassium levothyroxine synthroid pill* tablet* capsule* dose doses dosage shot shots injection* jab jabs infusion* patch spray epipen"),

	// words that put suicide or self-harm in a message, for rules such as
	// "I have a plan" that mean it only then
	"suicidal": w("suicide suicides suicidal suicidally selfharm unalive unaliving kms kys"),

	// insulins by speed, for a mix-up of the two
	"fastinsulin": w("fast rapid quick short mealtime bolus novorapid novolog humalog fiasp apidra lyumjev admelog lispro aspart glulisine actrapid humulin_r"),
	"slowinsulin": w("slow long basal background lantus levemir tresiba toujeo abasaglar semglee glargine detemir degludec humulin_n nph"),

	// medicines whose extra or wrong dose is itself an emergency
	"dangerous": w("insulin lantus tresiba levemir novorapid humalog warfarin coumadin eliquis apixaban xarelto rivaroxaban dabigatran pradaxa digoxin metoprolol bisoprolol propranolol atenolol amlodipine verapamil diltiazem flecainide amiodarone lithium methotrexate oxycodone oxy morphine codeine tramadol fentanyl methadone hydrocodone buprenorphine gliclazide glipizide glimepiride glibenclamide sulfonylurea carbamazepine tegretol phenytoin keppra levetiracetam lamotrigine valproate clonidine opioid opioids"),

	// sedatives, which with alcohol can stop breathing
	"sedative": w("zopiclone zolpidem ambien diazepam valium lorazepam ativan xanax alprazolam clonazepam klonopin temazepam oxycodone oxy morphine codeine tramadol fentanyl methadone gabapentin pregabalin lyrica quetiapine seroquel promethazine mirtazapine benzo benzos sleeping_pills sleeping_tablets painkillers opioids"),

	// test results
	"test": w("a1c hba1c hemoglobin haemoglobin hgb ldl hdl cholesterol triglycerides egfr gfr creatinine kidney liver potassium sodium tsh thyroid ferritin iron b12 crp esr calprotectin bnp probnp troponin ecg ekg echo ejection spirometry fev1 fvc xray mri ct scan eeg colonoscopy endoscopy biopsy bloodwork labs lab results result levels inr platelets wbc alt ast urinalysis peptide antibodies fructosamine dimer microalbumin acr vitamin ana a1c peak flow"),

	// where a blood glucose number comes from
	"glucose": w("sugar sugars bg bgs bs bsl glucose reading readings cgm dexcom libre meter monitor sensor glucometer azucar glucosa glucemia glicemia"),

	// oxygen saturation
	"o2": w("o2 oxygen sats sat spo2 saturation saturations oximeter ox oxigeno saturacion"),

	// symptoms, for clinical (non-emergency) rules
	"symptom": w("pain pains painful ache aches aching hurts hurting sore headache* migraine* nausea nauseous nauseated vomit* throwing diarrhea diarrhoea constipat* fever* temperature rash* hives itch* swelling swollen dizzy dizziness lightheaded vertigo numb numbness tingling tingly cough* wheez* breathless* palpitation* racing pounding fluttering tired fatigue* exhausted exhaustion blurry blurred vision bleeding blood cramp* bloat* insomnia sweats sweating chills flare* aura auras seizure* spasm* tremor* shaking shaky confusion fog foggy sputum phlegm mucus lows highs hypos ketones infection burning stiff stiffness weakness bruis* edema oedema heartburn reflux fainting faint symptom* attacks stool stools poop urine pee lump lumps bump lesion uti utis infections"),

	// condition and daily-life words that make a question a health one
	"health": w("diabet* t1d t2d type1 insulin* sugar* glucose bg pump* cgm dexcom libre omnipod tandem medtronic sensor* needle* injection* finger carb* hypo* hyper* a1c asthma* inhaler* copd oxygen nebuliser nebulizer spirometry covid longcovid pem pacing spoons epilep* seizure* keppra migraine* headache* aura crohn* colitis ibd uc stoma ostomy flare* infusion* biologic* heart cardiac cardio* diagnos* doctor* gp endo neuro* specialist* appointment* clinic hospital nurse pharmac* prescription* insurance med meds medication* medicine* pill* symptom* pain fatigue tired exhaust* brain sleep diet eating exercis* workout* dose* side illness chronic condition disab* accommodation* treatment* therapy anxiety anxious depress* stress* mental health lows highs low colonoscop* endoscop* scan* mri test* procedure* surgery epipen epi allerg* strips site sites medical asma migrana dolor azucar medico cpap stoma ostomy energy meal meals type t1 pace oxygen tank picc neuropathy gastroparesis pots lupus ms arthritis fibromyalgia cancer kidney"),

	// words that say the writer (or the person they write about) lives with
	// diabetes, for rules that only make sense then
	"thyroidop":  w("thyroid* parathyroid* tiroid* paratiroid*"),
	"checkpoint": w("nivolumab opdivo pembrolizumab keytruda ipilimumab yervoy atezolizumab tecentriq durvalumab imfinzi cemiplimab libtayo avelumab bavencio dostarlimab relatlimab opdualag immunotherapy immuno inmunoterapia"),
	"diabetes":   w("t1 t1d type1 type diabetes diabetic diabetics insulin pump dexcom libre cgm ketones bg bgs sugar sugars glucose lantus novolog humalog omnipod tandem"),

	// conditions, for "my asthma is getting worse"
	"condition": w("asthma copd migraine migraines crohns crohn colitis uc ibd epilepsy seizures diabetes heart symptoms flare flares flareups neuropathy gastroparesis pots fatigue pem breathing sugars numbers"),

	// words that make an emergency "topic" mention informational (news,
	// research, awareness) rather than personal
	"media": w("article* study studies research* researcher* news headline* journal paper report* statistic* stats rates documentary podcast* book* novel movie* film* show series episode* song* lyrics webinar* training course* lecture awareness prevention campaign* fundraiser* charity hotline* helpline* lifeline* wiki wikipedia google googled leaflet* pamphlet* poster* infographic* quiz survey* reddit tiktok youtube instagram among percent scene scenes character characters acting actor actress netflix anime manga fanfic fic plot villain protagonist season tv telenovela serie filme film libro livre buch" +
		// Spanish ("estudio" and "radio" are left out: a test, radiotherapy)
		" noticia noticias noticiero noticiario periodico articulo reportaje documental pelicula peli pelis peliculas novela novelas cancion capitulo episodio temporada protagonista personaje actor actriz libros prospecto folleto encuesta campana tele television estadisticas"),

	// clinicians (for "my doctor said …")
	"clinician": w("doctor* doc dr gp nurse* pharmacist* endo endocrinologist* neuro neurologist* cardiologist* cardio pulmonologist* gastro gastroenterologist* specialist* physio consultant* paramedic* therapist* psychiatrist* team np pa medico doctora enfermera" +
		" medica dra cardiologo cardiologa neurologo neurologa endocrino endocrinologo endocrinologa enfermero oncologo oncologa psiquiatra psicologo psicologa farmaceutico farmaceutica especialista nefrologo nefrologa reumatologo reumatologa pediatra ginecologo ginecologa neumologo neumologa medicos"),
}

// w splits a space-separated word list; it keeps the tables above compact.
func w(s string) []string { return strings.Fields(s) }
