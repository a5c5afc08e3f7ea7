package triage

import (
	"slices"
	"testing"
)

// The rules for condition- and treatment-specific emergencies
// (rules_treatment.go), without the learned layer: each emergency must be
// caught by its own rule, and each near-miss must not be an emergency by
// any rule.
func TestTreatmentRules(t *testing.T) {
	tests := []struct {
		text string
		rule string // the reason an emergency must carry; "" for a near-miss
	}{
		// poisonings
		{"my 3yo got into the iron tablets, bottle is open and some are gone", "emergency.medical.poisoning"},
		{"my son drank some of the bleach i left in the bucket", "emergency.medical.poisoning"},
		{"granddaughter was chewing one of my fentanyl patches", "emergency.medical.poisoning"},
		{"my 2 yo swallowed a magnet", "emergency.medical.poisoning"},
		{"the baby has the laundry pods open on the floor and there's blue on his lips", "emergency.medical.poisoning"},
		{"mi nene se tragó una pila de botón", "emergency.medical.poisoning"},
		{"la nena agarró el frasco de hierro de mi mamá y falta la mitad", "emergency.medical.poisoning"},
		{"my toddler loves the vitamin gummies, any sugar free brands?", ""},
		{"last year my son swallowed a magnet and it was scary, anyone else been through that?", ""},
		{"how do you childproof your meds? my 2 year old keeps trying to open the cabinet", ""},
		{"yo tomo fluoxetina y me quiero tomar una pastilla para la migraña", ""},
		// priapism
		{"sickle cell warrior here, been stuck with an erection for 3 hours, it hurts", "emergency.medical.priapism"},
		{"it won't go down, erection since 4am, I'm on trazodone", "emergency.medical.priapism"},
		{"tengo una erección que no se baja desde anoche", "emergency.medical.priapism"},
		{"had priapism once in 2019, do I need to tell the new haematologist?", ""},
		{"Last week I had priapism for 2 hours, went down on its own with a cold shower. Do I need to tell my haematologist?", ""},
		// methotrexate taken daily
		{"been taking methotrexate every day this week instead of weekly, mouth full of sores", "emergency.medical.wrong_dose"},
		{"tomé el metotrexato todos los días por error", "emergency.medical.wrong_dose"},
		{"i take methotrexate weekly and folic acid daily, is that right?", ""},
		// stopping a life-sustaining treatment
		{"i've decided to stop dialysis. don't tell me not to.", "emergency.selfharm.stopping_treatment"},
		{"not going back to dialysis. i'm done fighting", "emergency.selfharm.stopping_treatment"},
		{"decidí dejar la diálisis, ya no quiero más", "emergency.selfharm.stopping_treatment"},
		{"dejé la insulina a propósito, para qué seguir", "emergency.selfharm.stopping_treatment"},
		{"me and my nephrologist decided to stop dialysis and go onto hospice care, it's peaceful", ""},
		{"my doctor said I can stop insulin now my A1c is good!!", ""},
		// infection, bleeding on blood thinners, a blistering rash
		{"my little boy has sickle cell and he's burning up, 39.2, just a bit quiet", "emergency.medical.sepsis"},
		{"PD bag came out all cloudy this morning and my belly is really tender", "emergency.medical.sepsis"},
		{"mi hija tiene drepanocitosis y tiene fiebre de 38.5 desde la tarde", "emergency.medical.sepsis"},
		{"does anyone with sickle cell get a low fever after the flu jab?", ""},
		{"PD fluid a little cloudy today, no pain no temp, ring the unit at 9?", ""},
		{"38 weeks pregnant with sickle cell and so ready to meet her", ""},
		{"dad's on apixaban, slipped on the stairs and hit his head, seems fine but a bit vague", "emergency.medical.bleeding"},
		{"my fistula is bleeding through the dressing and won't stop", "emergency.medical.bleeding"},
		{"on warfarin and I bruise if someone looks at me lol, anyone else?", ""},
		{"three weeks on lamotrigine and now there's a rash with blisters, my lips are raw", "emergency.medical.severe_rash"},
		{"rash on my arms from the new soap, itchy but that's it", ""},
		// preparations, a defibrillator firing
		{"been keeping back a couple of the night tablets since summer. counted them just now, there's plenty", "emergency.selfharm.preparation"},
		{"sorry to whoever finds me, it's not your fault", "emergency.selfharm.preparation"},
		{"counted my pills for the week into the organiser, all good", ""},
		{"my ICD went off twice in the last hour and I feel awful", "emergency.medical.heart_rate"},
		{"el desfibrilador me dio tres descargas seguidas", "emergency.medical.heart_rate"},
		{"got my ICD checked today, no shocks since it went in", ""},
		{"on chemo, the nurse said ring if it goes over 38. temp is 38.3 and I'm shivering", "emergency.medical.sepsis"},
		{"no puedo mear desde anoche y tengo la vejiga dura", "emergency.medical.no_output"},
		// a drug's own poisoning, steroids stopped at once
		{"on digoxin and everything looks yellowish today, been sick twice", "emergency.medical.toxicity"},
		{"my pulse is 36 and I feel like I'm floating", "emergency.medical.heart_rate"},
		{"ran out of my prednisone last week and can't get more till friday, been vomiting since last night and nearly fainted", "emergency.medical.adrenal"},
		{"my dad's been on her methotrexate... sorry, my mum has been taking her methotrexate daily instead of once a week, what do we do", "emergency.medical.wrong_dose"},
		{"does digoxin make anyone else see a bit yellow at the edges? mentioned it to my GP in march", ""},
		{"tapering off prednisolone with my rheumatologist, 5mg steps, any tips for the fatigue?", ""},
		// paracetamol over days, a sore throat on a drug that stops the marrow
		{"back's been bad so I've been taking paracetamol every few hours since friday, about 12 a day, now I feel sick and sore under my ribs", "emergency.medical.toxicity"},
		{"on clozapine and I've had a sore throat and shivers since this morning", "emergency.medical.sepsis"},
		{"is 8 paracetamol a day the max for adults? want to check before my op", ""},
		{"carbimazole bloods were fine this month, no sore throats at all, feeling good", ""},
		// a height looked up, a burden, a blockage, a slow pulse without a verb
		{"spent the evening looking up the highest bridges around here, nobody would miss me much", "emergency.selfharm.method"},
		{"ya sé cómo dejar de ser una carga para mis hijos", "emergency.selfharm.hopelessness"},
		{"anyone know the tallest building in Leeds? pub quiz tonight", ""},
		{"two days no poo or wind, belly like a balloon and just threw up something green", "emergency.medical.no_output"},
		{"4 días sin evacuar y la panza inflada, vomité dos veces", "emergency.medical.no_output"},
		{"pulso 34 y me siento flotando", "emergency.medical.heart_rate"},
		{"tosí sangre otra vez, ya me pasó antes pero ahora es más", "emergency.medical.bleeding"},
		// a stroke in Spanish words, a transplant with fever, low calcium after
		// a thyroid operation, ten times a dose
		{"a mi abuelo no se le entiende nada y no puede levantar el brazo derecho", "emergency.medical.stroke"},
		{"mi papá dice palabras cambiadas desde hace media hora y tiene la boca chueca", "emergency.medical.stroke"},
		{"¿la falta de fuerza en el brazo es normal con la esclerosis? me pasa a veces cuando hace calor", ""},
		{"kidney transplant in august, temp 38.6 tonight and I ache all over", "emergency.medical.sepsis"},
		{"thyroid out on tuesday, lips tingling and now my hands keep cramping into claws", "emergency.medical.hypocalcaemia"},
		{"had my thyroidectomy friday. today my face feels fizzy. my fingers keep locking up like a claw when i hold my phone", "emergency.medical.hypocalcaemia"},
		{"thyroid was taken out years ago, my hands cramp in the cold, any gloves you like?", ""},
		// colitis on checkpoint immunotherapy
		{"cycle 3 of opdivo. on the loo 12 times since this morning and there's blood", "emergency.medical.immune_colitis"},
		{"pembrolizumab week 6, bloody diarrhoea since last night, can it wait for clinic?", "emergency.medical.immune_colitis"},
		{"con keytruda, hoy llevo 8 veces de diarrea y con sangre", "emergency.medical.immune_colitis"},
		{"on nivolumab, stools a bit loose twice this week, no blood, eating fine", ""},
		{"immunotherapy nurse said to ring if i get diarrhoea more than 6 times a day, good to know", ""},
		{"my dog had diarrhea 10 times last night, vet tomorrow", ""},
		// low platelets
		{"since the lemtrada in june, tiny red dots all over my shins and my gums bleed when i brush", "emergency.medical.bleeding"},
		{"chemo round 2, petechiae on my arms and a nosebleed that took ages to stop", "emergency.medical.bleeding"},
		{"my gums bleed a bit when i floss, dentist says gingivitis", ""},
		// oxygen far under anyone's usual
		{"dad's oximeter says 79 and he's grey and muddled", "emergency.medical.breathing"},
		{"mi mama con epoc, el oximetro marca 82 y esta muy dormida", "emergency.medical.breathing"},
		{"my copd nurse wants my sats between 88 and 92, is 90 ok?", ""},
		// a hypo taking judgement with it
		{"my son is type 1, he's sweaty and slurring and keeps pushing the juice away", "emergency.medical.hypoglycaemia"},
		{"mi esposo es diabetico, esta sudando y confundido y no me deja medirle la glucosa", "emergency.medical.hypoglycaemia"},
		{"my type 1 teenager refuses to let me check his sugar at school, it's a battle every day. tips?", ""},
		{"had my thyroidectomy last year, the scar is barely visible now", ""},
		{"la farmacia me dio 10 veces la dosis y la tomé una semana, tengo el corazón a mil", "emergency.medical.wrong_dose"},
		// round 16's kinds
		{"my 3 year old got hold of nana's pill organiser and the tuesday and wednesday slots are empty", "emergency.medical.poisoning"},
		{"oops did my tresiba twice tonight, 30 and then 30 again", "emergency.medical.wrong_dose"},
		{"on jardiance, been throwing up since last night and my breathing is fast, sugar only 9 though", "emergency.medical.dka"},
		{"his LVAD keeps alarming and he's grey and clammy", "emergency.medical.device"},
		{"dad's parkinson's tablets were missed for two days in hospital and now he's rigid and running a fever", "emergency.medical.toxicity"},
		{"does jardiance make anyone else pee loads? first week on it", ""},
		{"the pump alarm went off at 3am because the tubing kinked, all sorted, sugars fine", ""},
		// round 17's kinds
		{"been setting aside my night pills instead of taking them, there's about 60 now", "emergency.selfharm.preparation"},
		{"I stop my prednisolone last week, now vomiting and so dizzy I cannot stand", "emergency.medical.adrenal"},
		{"saving up for a holiday instead of taking one this year, 20 quid a week", ""},
		// no urine with vomiting or after chemotherapy
		{"haven't peed since last night and can't keep anything down, day 3 after chemo", "emergency.medical.no_output"},
		{"no orino desde ayer y sigo vomitando después de la quimio", "emergency.medical.no_output"},
		{"no urine today but i'm on dialysis so that's normal for me", ""},
	}
	for _, tt := range tests {
		a, _ := analyze(tt.text, nil, false)
		got := a.rules
		if tt.rule == "" {
			if got.Category == Emergency {
				t.Errorf("Classify(%q) = emergency %v, want no emergency", tt.text, got.Reasons)
			}
			continue
		}
		if got.Category != Emergency || !slices.Contains(got.Reasons, tt.rule) {
			t.Errorf("Classify(%q) = %v %v, want emergency by %s", tt.text, got.Category, got.Reasons, tt.rule)
		}
	}
}
