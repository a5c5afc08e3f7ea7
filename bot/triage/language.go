package triage

import "strings"

// Language tells whether a message is written in Spanish ("es") or English
// ("en") from its common short words, "" when it cannot tell (too short, no
// such word, or as many of each). It is how peerhours answers a person in
// the language they wrote in (a crisis reply, a receipt) and writes a
// thread's summary in the thread's language; it never changes a decision.
// Accents do not matter: it reads the normal form.
func Language(text string) string {
	es, en := 0, 0
	for _, w := range strings.FieldsFunc(Normalize(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r == '\'')
	}) {
		switch {
		case spanishWords[w]:
			es++
		case englishWords[w]:
			en++
		}
	}
	switch {
	case es > en:
		return "es"
	case en > es:
		return "en"
	}
	return ""
}

// Words frequent in one language and not words of the other (so no "a",
// "no", "me", "he", "son", "es"+"is" pairs that both use).
var spanishWords, englishWords = languageWords(
	"de la que el en y los se del las un por con una su para al lo como mas pero sus le ya este porque "+
		"esta entre cuando muy sin sobre tambien hasta hay donde quien desde todo nos todos les ni otros "+
		"ese eso ellos esto mi mis antes algunos unos yo otro otra tanto esa estos mucho nada muchos cual "+
		"poco ella estar estas algo tengo tiene tienen quiero puedo puede estoy estamos soy siento hola "+
		"gracias alguien sabe saben alguna algun medico dolor pastillas ayuda vida morir dias hoy ayer "+
		"manana semana noche tambien despues porque que quiero necesito hacer hace nunca siempre ahora",
	"the and to of is in it you that was for on are with as my this have be at but not what they so do "+
		"can we just if about how does did anyone has had been would should there their your am im i'm "+
		"it's feel know get got taking take any when from or an will been after today really because "+
		"doctor pain pills help life die days week night anybody someone need never always now",
)

func languageWords(es, en string) (map[string]bool, map[string]bool) {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(s) {
			m[w] = true
		}
		return m
	}
	return set(es), set(en)
}
