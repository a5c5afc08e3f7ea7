package triage

import "testing"

func TestLanguage(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Ya no quiero vivir, me voy a tomar todas las pastillas", "es"},
		{"quiero morir", "es"},
		{"¿Alguien sabe si la metformina da dolor de estómago?", "es"},
		{"¿Qué dosis de insulina debo ponerme antes de comer?", "es"},
		{"I want to die, I'm going to take all my pills", "en"},
		{"Does anyone know if metformin causes stomach pain?", "en"},
		{"ok", ""},
		{"👍", ""},
		{"", ""},
	} {
		if got := Language(c.text); got != c.want {
			t.Errorf("Language(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func FuzzLanguage(f *testing.F) {
	f.Add("quiero morir")
	f.Add("I want to die")
	f.Fuzz(func(t *testing.T, s string) {
		switch Language(s) {
		case "", "es", "en":
		default:
			t.Fatalf("Language(%q): not a language", s)
		}
	})
}
