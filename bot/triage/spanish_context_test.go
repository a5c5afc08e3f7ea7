package triage

import "testing"

// The Spanish modifiers (context.go): a past scare that is over, a
// hypothetical or general question, a doctor's warning, the news and
// fiction, someone who died, figures of speech. Each near-miss has a twin
// that must stay an emergency: the same words with danger now, a plan, a
// method, or "otra vez".
func TestSpanishModifiers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Category // Emergency, or the category a near-miss must get
	}{
		// history and resolved
		{"past chest pain, over", "hace un mes tuve un dolor en el pecho que me duró diez minutos, ya no me volvió a dar, ¿se lo comento a la cardióloga?", Clinical},
		{"past chest pain, back now", "hace un mes tuve un dolor en el pecho, se me pasó, pero ahora otra vez me duele el pecho y el brazo", Emergency},
		{"past faint, fine today", "el mes pasado mi glucosa bajó a 45 y me desmayé en la cocina, ahora estoy bien, ¿debería cambiar la dosis?", Clinical},
		{"faint again", "el mes pasado me desmayé por una bajada y ahora de nuevo estoy temblando y confundida, la glucosa en 40", Emergency},
		{"minutes ago is now", "hace 20 minutos me empezó un dolor en el pecho muy fuerte", Emergency},
		{"an hour ago is now", "hace una hora que tengo la cara caída de un lado", Emergency},
		{"fear with pain now", "tengo miedo de que sea un infarto, me duele el pecho", Emergency},
		{"attempt years ago, thoughts today", "hace años lo intenté y hoy vuelvo a pensar en matarme", Emergency},
		// hypothetical, general, reported
		{"what if it comes back", "¿y si le vuelve la convulsión mientras está en el colegio? ¿qué le digo a la maestra?", Clinical},
		{"seizure now", "le está dando una convulsión ahora mismo y no para", Emergency},
		{"general risk question", "¿las pacientes con lupus tenemos más riesgo de infarto que el resto?", Clinical},
		{"lupus and chest pain now", "tengo lupus y me duele el pecho, se me va al brazo izquierdo", Emergency},
		{"doctor's warning", "el doctor dijo que si sigue fumando así se va a morir antes de los sesenta, y mi papá como si nada", Clinical},
		{"dying now", "mi papá se va a morir, no respira bien", Emergency},
		// other people, far away or long ago; the news and fiction
		{"news overdose", "vi en el noticiero que un chavo se murió de sobredosis en una fiesta, qué tristeza", None},
		{"news heart attack", "leí una noticia de una señora que tuvo un infarto en el metro y nadie la ayudó", None},
		{"film", "anoche vimos una película donde la protagonista se quiere suicidar y lloré todo el final", None},
		{"film, then a wish of one's own", "vi la película y me dieron ganas de matarme", Emergency},
		{"series, then a wish of one's own", "después de ver la serie quiero suicidarme", Emergency},
		{"friend died long ago", "un amigo del colegio se murió de una sobredosis hace años, todavía lo pienso", None},
		{"friend died, and my own wish", "mi amigo se murió el año pasado y yo también me quiero morir", Emergency},
		{"English: film, then a wish of one's own", "watched that movie and I want to kill myself", Emergency},
		// figures of speech
		{"dying of laughter", "me muero de risa con los audios de mi tía jajaja", None},
		{"choking with laughter", "casi me ahogo de risa con el video del perro jaja", None},
		{"the heat is killing me", "me mata el calor, llevo tres días sin dormir por el bochorno", None},
		{"my aunt is not a TIA", "mi tía viene el domingo a comer", None},
		{"choking now", "me ahogo, no puedo respirar y tengo los labios morados", Emergency},
		{"a TIA in English", "Husband had a TIA last week", Clinical},
		// leaflets and questionnaires
		{"leaflet", "el prospecto dice que puede causar dolor en el pecho y dificultad para respirar en casos raros, qué miedo dan esos papeles", None},
		{"questionnaire answered no", "en el cuestionario me preguntaron si tenía ideas de muerte y puse que no", None},
		// the same in English, and a form's medical questions answered no
		{"English: a quoted screening question answered no", "the nurse's questionnaire had 'have you thought about hurting yourself?' on it, I said no, standard stuff", None},
		{"a pre-op form's chest pain question answered no", "filled in the pre-op form, chest pain? no. breathless? no. done", None},
		{"chest pain now beside a form", "filling in the pre-op form and my chest is hurting right now, tight and going into my arm", Emergency},
	}
	for _, tt := range tests {
		got := Classify(tt.text)
		if tt.want == Emergency && got.Category != Emergency {
			t.Errorf("%s: Classify(%q) = %v %v, want emergency", tt.name, tt.text, got.Category, got.Reasons)
		}
		if tt.want != Emergency && got.Category == Emergency {
			t.Errorf("%s: Classify(%q) = emergency %v, want %v", tt.name, tt.text, got.Reasons, tt.want)
		}
	}
}
