package redact

import "strings"

// Ages over 89. Safe Harbor lets an age through only up to 89; above that it must be the
// single category "90 or older", which is what the placeholder says. An age is a number from
// 90 to 130, in digits ("94", "100th") or in words ("ninety-three", "noventa y dos",
// "quatre-vingt-douze", "zweiundneunzig", "novantaquattro", "noventa e um"), with something
// that makes it an age: a unit ("years old", "yo", "-year-old", "años", "ans", "Jahre", "anni",
// "anos"), "turned"/"aged"/"tiene"/"cumplió"…, "is"/"was"/"'s" after a person ("my grandma is
// 94", "she's 92"), a relative in apposition ("my great aunt, 96,", "great grandma (103!!)"),
// or "birthday" after an ordinal ("100th birthday"). "Her sugar was 95", "95% better", "a 90
// day supply" and "92 minutes" stay.

func (s *scan) findAges() {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		var v, end int
		switch {
		case t.isDigits() && (t.digits == 2 || t.digits == 3):
			v, end = atoiTok(s.text[t.start:t.end]), k
		case t.digits > 0 && t.letters > 0:
			v, end = s.ordinalValue(k), k
			if v >= 90 && v <= 130 && s.birthdayAfter(k) {
				s.add(t.start, t.end, KindAge, "")
			}
			continue
		case t.isAlpha():
			if t.flags&fNumWord == 0 {
				f := s.fold[t.fs:t.fe]
				if !(len(f) > 6 && string(f[:6]) == "novant" || len(f) > 7 && string(f[len(f)-7:]) == "neunzig") {
					continue
				}
			}
			v, end = s.numberWords(k)
		default:
			continue
		}
		if v < 90 || v > 130 {
			if end > k {
				k = end
			}
			continue
		}
		if s.ageAfter(end) || s.ageBefore(k) {
			s.add(t.start, s.toks[end].end, KindAge, "")
		}
		k = end
	}
}

func atoiTok(w string) int {
	v := 0
	for i := 0; i < len(w); i++ {
		v = v*10 + int(w[i]-'0')
	}
	return v
}

// ordinalValue: "100th", "90º" → 100, 90.
func (s *scan) ordinalValue(k int) int {
	w := s.key(k)
	i := 0
	for i < len(w) && isASCIIDigit(w[i]) {
		i++
	}
	if i < 2 || i > 3 {
		return 0
	}
	switch w[i:] {
	case "th", "st", "nd", "rd", "o", "º", "e", "er":
		return atoiTok(w[:i])
	}
	return 0
}

func (s *scan) birthdayAfter(k int) bool {
	if k+1 >= len(s.toks) || s.gap(k) != " " {
		return false
	}
	switch s.key(k + 1) {
	case "birthday", "bday", "cumpleanos", "anniversaire", "geburtstag", "compleanno", "aniversario":
		return true
	}
	return false
}

// ageAfter: a unit of age follows the number ending at token k.
func (s *scan) ageAfter(k int) bool {
	if k+1 >= len(s.toks) {
		return false
	}
	g := s.gap(k)
	if g != " " && g != "-" && g != "" {
		return false
	}
	w := s.key(k + 1)
	switch w {
	case "yo", "yrs", "yr", "years", "year", "anos", "ans", "jahre", "jahren", "anni", "aninhos", "an", "ano":
		if w == "year" || w == "years" || w == "yrs" || w == "yr" {
			// "95 years old", "a 95 year old", "99-year-old"; "for 90 years" is a duration
			return k+2 < len(s.toks) && (s.keyIs(k+2, "old") || s.keyIs(k+2, "of") && k+3 < len(s.toks) && s.keyIs(k+3, "age"))
		}
		return true
	case "y":
		return k+2 < len(s.toks) && s.keyIs(k+2, "o") && (s.gap(k+1) == "/" || s.gap(k+1) == ".")
	case "birthday", "bday", "cumpleanos", "anniversaire", "geburtstag", "compleanno", "aniversario":
		return true
	}
	return strings.HasPrefix(w, "jahrig") || strings.HasPrefix(w, "jaehrig")
}

// ageBefore: a word before the number at token k makes it an age.
func (s *scan) ageBefore(k int) bool {
	if k == 0 || s.unitAfter(k) {
		return false
	}
	if g := s.gap(k); len(g) > 0 && (g[0] == '/' || g[0] == '%' || g[0] == '.' && len(g) == 1 || g[0] == ',' && len(g) == 1) {
		return false // "95/60", "95%", "9.5"
	}
	g := s.gapBefore(k)
	p := k - 1
	// apposition: "my great aunt, 96, …", "great grandma (103!!)"
	if (g == ", " || g == " (" || g == "(") && s.toks[p].has(fRelation|fPersonal) {
		return true
	}
	if g != " " {
		return false
	}
	switch s.key(p) {
	case "aged", "age", "turned", "turns", "turning", "turn", "reached", "reaches", "edad", "cumplio",
		"cumple", "cumplira", "tiene", "tenia", "wird", "wurde", "compie", "compiuto", "fez", "faz", "fara":
		return true
	case "is", "was", "be", "ist", "war", "es", "era", "est", "e":
		// "my grandma is 94", "dad will be 90"; not "my sugar was 95"
		q := p - 1
		if q >= 0 && s.keyIs(q, "will") {
			q--
		}
		return q >= 0 && s.person(q)
	case "s":
		return p > 0 && (s.gapBefore(p) == "'" || s.gapBefore(p) == "’") && s.person(p-1) // "she's 92"
	}
	return false
}

// person: token k names or points at a person ("she", "my grandma", "Nana", "Teresa").
func (s *scan) person(k int) bool {
	t := &s.toks[k]
	if t.has(fRelation) || t.has(fPersonal) && !t.has(fFunc) {
		return true
	}
	switch s.key(k) {
	case "she", "he", "who", "they", "i", "im", "nana", "nan", "gran", "granny", "grammy", "grandma", "grandpa",
		"grandad", "granddad", "ella", "el", "elle", "il", "sie", "er", "lei", "lui", "ela", "ele":
		return true
	}
	return t.upper && t.gaz&0x7f != 0 && !s.sentenceInitial(k) // a name
}

// numberWords reads 90–130 written in words at token k, in the languages of the set; it
// returns the value and the last token, or 0.
func (s *scan) numberWords(k int) (int, int) {
	w := s.key(k)
	next := func(i int) (string, bool) {
		if i+1 >= len(s.toks) {
			return "", false
		}
		if g := s.gap(i); g != " " && g != "-" {
			return "", false
		}
		return s.key(i + 1), true
	}
	unit := func(i int, words map[string]int) (int, int) {
		if n, ok := next(i); ok {
			if v, ok := words[n]; ok {
				return v, i + 1
			}
		}
		return 0, i
	}
	switch {
	case w == "ninety":
		v, end := unit(k, enUnits)
		return 90 + v, end
	case w == "hundred" || w == "a" || w == "one" || w == "cien" || w == "ciento" || w == "cent" ||
		w == "cento" || w == "cem" || w == "hundert":
		if w == "a" || w == "one" {
			if n, ok := next(k); !ok || n != "hundred" {
				return 0, k
			}
			k++
		}
		end := k
		if n, ok := next(end); ok && (n == "and" || n == "y" || n == "e") {
			end++
		}
		v, e := unit(end, allUnits)
		if e == end {
			return 100, k
		}
		return 100 + v, e
	case w == "noventa" || w == "novanta":
		end := k
		if n, ok := next(end); ok && (n == "y" || n == "e") {
			if v, e := unit(end+1, allUnits); e > end+1 {
				return 90 + v, e
			}
		}
		return 90, k
	case strings.HasPrefix(w, "novant"):
		if v, ok := itUnits[strings.TrimPrefix(w, "novant")]; ok {
			return 90 + v, k
		}
	case w == "quatre":
		// quatre-vingt-dix … quatre-vingt-dix-neuf
		if n, ok := next(k); ok && (n == "vingt" || n == "vingts") {
			if v, e := unit(k+1, frTeens); e > k+1 {
				if v == 10 && e+1 < len(s.toks) && s.gap(e) == "-" {
					if u, e2 := unit(e, enUnitsFr); e2 > e {
						return 80 + 10 + u, e2
					}
				}
				return 80 + v, e
			}
		}
	case strings.HasSuffix(w, "neunzig"):
		if w == "neunzig" {
			return 90, k
		}
		if v, ok := deUnits[strings.TrimSuffix(w, "undneunzig")]; ok {
			return 90 + v, k
		}
	}
	return 0, k
}

var enUnits = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

// allUnits: 1–9 in English, Spanish, Portuguese, Italian and French, for "a hundred and two",
// "noventa y dos", "noventa e um", "cent un".
var allUnits = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
	"um": 1, "dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8, "nove": 9,
	"due": 2, "tre": 3, "sei": 6, "sette": 7, "otto": 8,
	"deux": 2, "trois": 3, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9}

var itUnits = map[string]int{"a": 0, "uno": 1, "adue": 2, "atre": 3, "aquattro": 4, "acinque": 5, "asei": 6, "asette": 7, "otto": 8, "anove": 9}

var deUnits = map[string]int{"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}

var frTeens = map[string]int{"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}

var enUnitsFr = map[string]int{"sept": 7, "huit": 8, "neuf": 9}
