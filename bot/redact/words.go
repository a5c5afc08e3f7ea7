package redact

// Word lists behind the lexicon flags. They are deliberately plain: a reviewer should be able
// to read them and see why, say, a member called "Hope" is only matched when capitalised.

// functionWords are pronouns, articles, prepositions, conjunctions and auxiliaries. They never
// start a street name and a sentence-initial "Hope you…" is not a name.
const functionWords = `a an the and or but nor so yet if then than that this these those there
here where when why how what which who whom whose it its it's i me my mine myself we us our
ours you your yours u ur he him his she her hers they them their theirs one ones to of in on
at by for from with without about above below under over into onto out off up down through
between among around after before during since until till via per as like unlike near is am
are was were be been being do does did done have has had having will would shall should can
could may might must not no yes ok okay all any some every each either neither both few many
much more most less least other another such own same too very just also only even still
already again ever never always often sometimes usually really quite rather maybe perhaps
please thanks thank hi hey hello bye lol omg btw idk tbh imo imho fyi pls plz thx ty np
im ive id ill youre youve theyre thats whats dont doesnt didnt cant couldnt wont wouldnt
isnt arent wasnt werent hasnt havent hadnt shouldnt yall ya yeah yep nope nah hmm oh ah wow
everyone everybody someone somebody anyone anybody nobody noone everything something
anything nothing`

// medicalWords are words patients use about their health. A member named after one of them
// ("sugar", "pump") must not make ordinary medical talk disappear.
const medicalWords = `blood sugar sugars glucose insulin pump pumps basal bolus carb carbs
carbohydrate diabetes diabetic type t1d t2d t1 t2 a1c hba1c cgm sensor sensors libre dexcom
omnipod tandem medtronic lantus humalog novolog tresiba levemir fiasp metformin ozempic
mounjaro jardiance trulicity glucagon ketones ketone dka hypo hypos hyper lows low highs high
asthma asthmatic inhaler inhalers puffer spacer nebulizer nebuliser ventolin albuterol
salbutamol symbicort advair prednisone steroid steroids peak flow wheeze wheezy wheezing
breath breathe breathing breathless cough coughing lung lungs chest covid long longcovid
hauler haulers longhauler fatigue tired exhausted pacing crash pem pots dysautonomia
brain fog crohn crohns colitis ibd flare flares gut bowel stoma ostomy remicade humira
stelara entyvio budesonide mesalamine lupus sle rash joint joints arthritis rheum
rheumatology rheumatologist ms relapse ocrevus tysabri copaxone neuro neurologist migraine
migraines headache pain pains ache aches sore nausea nauseous vomit vomiting fever chills
dizzy dizziness faint fainting heart rate pulse pressure bp hypertension kidney kidneys
renal dialysis thyroid tsh liver cholesterol statin statins warfarin inr clot clots
anemia anaemia iron ferritin b12 vitamin vitamins supplement supplements dose doses dosage
mg mcg units unit pill pills tablet tablets capsule meds med medication medications
medicine medicines prescription prescriptions pharmacy pharmacist doctor doctors dr nurse
nurses clinic clinics clinician clinicians hospital hospitals er icu ward gp endo
endocrinologist cardiologist therapist therapy psych psychiatrist counselling counseling
appointment appointments appt visit referral scan scans mri ct xray ultrasound test tests
lab labs results result bloodwork panel biopsy diagnosis diagnosed symptom symptoms
treatment treatments side effect effects allergy allergies allergic epipen injection
injections shot shots jab vaccine vaccines booster needle needles syringe pen pens
site sites infusion infusions patch patches strip strips meter meters monitor reading
readings numbers level levels range target carb ratio isf correction fasting fast keto
diet dietitian nutrition weight bmi exercise walk walking gym yoga sleep insomnia anxiety
depression mood stress mental health wellness recovery remission chronic acute condition
conditions disease illness sick sickness healthy warrior warriors survivor fighter
fighters spoonie spoonies spoon spoons chronically ill immune immunocompromised
autoimmune infection infections virus viral antibiotics antibiotic care careful safe
emergency urgent ambulance crisis support group peer peers mentor mentors mod mods
moderator moderators admin bot office hours queue summary`

// commonWords are everyday English words, including the ones that double as first names
// (hope, grace, will, joy, mark). A member name made only of such words is "weak".
const commonWords = `about above across act action active actually add added address admit
advice afraid after afternoon again against age ago agree ahead air alive allow almost alone
along alright amazing amount and angry animal annoying answer anyway apart apple april area
arm arms army art ask asked asking asleep attack august aunt autumn available average avoid
awake award aware away awesome awful baby back bad badly bag bake balance ball band bank bar
base basic bath bathroom battle beach bear beat beautiful beauty because become bed bedroom
beer begin beginning behind believe bell belly belt benefit best bet better big bill bird
birth birthday bit bite bitter black blame blank bless blessed blind block blue board boat
body bone book books boost border bored boring born boss both bother bottle bottom bowl box
boy brain brave bread break breakfast bright bring broke broken brother brown buddy budget
build building bunch burn burning bus busy butter buy cake call called calm came camera camp
cancel candy cap car card cards care career careful carry case cash cat catch cause cell
center centre chair challenge chance change changed changes charge chat cheap check checked
cheese chicken child children choice choose church city claim class clean clear clever click
climb close closed clothes cloud club coach coast code coffee cold college color colour come
comes comfort coming comment common company complete completely control cook cookie cool
cope coping copy corner cost could count country couple course court cover crazy cream
create cross crown cry cup curious current cut cute daily damage dance danger dark date daughter
dawn day days dead deal dear decide deep definitely delay dentist desk detail diet different
difficult dinner direct dirty disease dish doctor dog dollar door double doubt dream dress
drink drive driver drop dry due dust early earth easy eat eating edge effort egg eight either
else email end energy enjoy enough enter entire episode equal error especially even evening
event ever every exactly example excellent excited excuse expect expensive experience explain
extra eye eyes face fact fail fair faith fall false family famous fan far farm fast fat
father fault favorite favourite fear feel feeling feelings feet fell felt few field fight
figure file fill film final finally find fine finger finish fire first fish fit five fix flat
flight floor flower fly focus folk follow food foot force forest forget forgot form forward
found four frank free fresh friday friend friends front fruit full fun funny future game
garden gas gate gave gene general gentle get gets getting gift girl give given glad glass
go goal god goes going gold gone good got grab grade grace grand grass gray great green grey
ground group grow guard guess guest guide guitar gun guy guys hair half hall hand handle hang
happen happened happy hard harry hat hate head hear heard heart heat heavy hell help helped
helpful hero hide high hill history hit hold hole holiday home honest honey hook hope hoped
hopefully hopes horse hospital host hot hotel hour hours house huge human hunt hurry hurt
husband ice idea ignore ill image imagine important include indeed info inside instead
interest iron island issue item jack january job join joke journey joy judge july jump june
junk just keep key kid kids kill kind king kiss kitchen knee knew know knowing known lady
lake land language large last late later laugh law lay lazy lead learn least leave left leg
legs lesson let letter level library lie life lift light like likely limit line link list
listen little live lived lives living load local lock lonely long look looked looking lose
lost lot loud love lovely lucky lunch mad made mail main major make making male man manage
many map mark market mask match matter meal mean means meant meat medical meet meeting
member memory men mention mess message met middle might mile milk mind minute mirror miss
missed mistake mix moment monday money month months moon morning mother motion mountain mouth
move moved movie much mum music must name nature near nearly neck need needed nervous net new
news next nice night nine noise none normal north nose note notice now number nurse object
odd offer office officer often oil old once online open opinion orange order ordinary
original otherwise outside own page paid pain paint pair paper parent parents park part
party pass passed past path patient pattern pay peace pen people perfect period person
phone photo pick picture piece pink place plan plant plate play please plenty point police
pool poor popular post pot power practice pray prepare present press pretty price pride
print private probably problem problems process promise proper protect proud prove pull
purple purpose push put queen question quick quickly quiet quit race rain raise ran random
rather reach read ready real reason receive recent record red relax remember remind remove
rent reply report rest return rich ride right ring rise risk river road rock role room
rose round rule run rush sad safe said sale salt same sand saturday save saw say says
scared school science score screen sea search season seat second secret see seem seen self
sell send sense sent serious serve set seven several shake shall shape share sharp sheet shift
shine ship shirt shoe shop short shot should shoulder show shower shut sick side sign signal
silly silver simple since sing single sister sit size skin sky sleep slow small smart smell
smile snow soft soldier some son song soon sorry sort soul sound soup south space speak
special speed spend spirit split sport spot spring staff stage stand star start state stay
steal step stick still stone stop store storm story straight strange street strong student
study stuff stupid style success such sudden suddenly suffer summer sun sunday sunny super
sure surprise sweet swim system table take taken talk tall task taste tea teach team tear
tell ten term terrible test text thing things think third thought thousand three throw
thursday ticket tie time tiny tip today toe together told tomorrow tonight took top total
touch tough tour town toy track trade train travel treat tree trip trouble true trust truth
try trying tuesday turn twice two ugly uncle understand until upset use used useful usual
valley value van very view voice wait wake walk wall want war warm wash watch water wave way
weak wear weather wednesday week weekend weird welcome well went west wet whatever wheel
while white whole wide wild win wind window wine winter wish woke woman women wonder wonderful
wood word words work worked working world worry worse worst worth would write wrong yard
year years yellow yes yesterday young youth zero`

// nameVerbs follow a name at the start of a sentence ("Will said…", "Hope posted…"); a weak
// name there is taken as a name only when one of these, or a comma or "'s", comes next.
const nameVerbs = `said says told tells asked asks posted posts wrote writes shared shares
mentioned mentions replied replies suggested suggests recommended recommends thinks thought
knows knew has had is was and gave gives sent sends got gets did does just also can could
will would should might may called calls texted texts messaged messages lives lived works
worked uses used takes took tried tries helped helps`

// facilityTriggers are the words facility detection starts from: facility words
// (facilityWord), the words before a facility's name (facilityPrefix) and saints.
const facilityTriggers = `hospital hospitals clinic infirmary hospice memorial general methodist
baptist presbyterian lutheran episcopal adventist samaritan sanatorium manor rehab rehabilitation
surgery county parish borough township childrens children medical health care nursing senior
assisted retirement cancer center centre home living practice regional community university
institute village hopital clinica clinique klinikum uniklinik universitatsklinikum ospedale
policlinico chu sanatorio hospitalario centro residencia ehpad klinik st saint sainte san santa
sao sant`

// numberTriggers are the words age and spelled-phone detection start from.
const numberTriggers = `ninety hundred a one cien ciento cent cento cem hundert noventa novanta
quatre neunzig zero oh two three four five six seven eight nine double triple cero uno dos tres
cuatro cinco seis siete ocho nueve un deux trois cinq sept huit neuf null eins zwei drei vier funf
fuenf sechs sieben acht neun due tre quattro sei sette otto nove um dois quatro sete oito`
