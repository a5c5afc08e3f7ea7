package triage

// Leetspeak: digits and symbols typed in place of letters, usually to get
// past a word filter ("su1c1de", "k!ll mys3lf", "$uicidal", "0verdose").
//
// Numbers matter to the rules too ("took 30 pills", "sugar 2.2", "800mg"),
// so a word is only read as leetspeak when it mixes letters with digits in a
// way a quantity never does:
//
//   - words with no letters are numbers and are left alone;
//   - a word that starts with two or more digits, or with one digit followed
//     by a unit ("5mg", "4am", "1st", "3x"), is a quantity and is left alone;
//   - a word that contains 2, 6, 8 or 9 is an identifier ("b12", "covid19",
//     "spo2", "t2d") and is left alone: those digits are not used as letters
//     here;
//   - otherwise 0→o 1→i 3→e 4→a 5→s 7→t, and inside a word @→a, $→s,
//     !→i, |→l.
//
// The same reading is applied to the rules' own patterns, so an identifier
// such as "a1c" becomes "aic" on both sides and still matches.

var leetDigit = [10]byte{'o', 'i', 0, 'e', 'a', 's', 0, 't', 0, 0}

// units are the letter suffixes that make "<digit><letters>" a quantity.
var units = map[string]bool{
	"mg": true, "mcg": true, "ug": true, "g": true, "gr": true, "kg": true, "ml": true, "l": true,
	"dl": true, "mmol": true, "u": true, "iu": true, "un": true, "unit": true, "units": true,
	"x": true, "s": true, "st": true, "nd": true, "rd": true, "th": true, "am": true, "pm": true,
	"h": true, "hr": true, "hrs": true, "min": true, "mins": true, "m": true, "d": true,
	"day": true, "days": true, "wk": true, "wks": true, "w": true, "yr": true, "yrs": true,
	"y": true, "yo": true, "lb": true, "lbs": true, "k": true, "mo": true, "mos": true,
	"ft": true, "in": true, "cm": true, "mm": true, "pills": true, "pill": true, "tabs": true,
	"tab": true, "caps": true, "puffs": true, "puff": true, "times": true, "ish": true,
}

// readLeet rewrites w in place and returns it (see the package comment
// above for the rules). 1 and | look like both i and l (leetOne, leetBar):
// in the zero reading 1 is i and | is l, in readA both are i, in readB
// both are l; amb reports that w had one that was read as a letter.
func readLeet(w []byte, rd reading) (_ []byte, amb bool) {
	letters, leet := 0, false
	for _, c := range w {
		switch {
		case isLetter(c):
			letters++
		case c == '2' || c == '6' || c == '8' || c == '9':
			return w, false
		case isDigit(c) || c == '@' || c == '$' || c == '!' || c == '|':
			leet = true
		}
	}
	if letters == 0 || !leet {
		return w, false
	}
	// A leading run of digits: a quantity, unless it is a single digit
	// glued to a word that is not a unit ("0verdose", "3nd").
	k := 0
	for k < len(w) && isDigit(w[k]) {
		k++
	}
	if k >= 2 {
		return w, false
	}
	if k == 1 {
		rest := w[1:]
		if units[string(rest)] || !allLetters(rest) && unitPrefix(rest) {
			return w, false
		}
	}
	// digits first, so the symbol rules below see their neighbours as
	// letters ("$0b" → "sob", not "$ob")
	for i, c := range w {
		if isDigit(c) {
			if c == '1' {
				w[i], amb = leetOne.read(rd), true
			} else if l := leetDigit[c-'0']; l != 0 {
				w[i] = l
			}
		}
	}
	// symbols depend on their neighbours, which may be symbols themselves
	// ("$$a"): repeat until nothing changes, so that reading the result
	// again changes nothing either
	for changed := true; changed; {
		changed = false
		for i, c := range w {
			var l byte
			switch {
			case c == '@' && i > 0 && i+1 < len(w) && isLetter(w[i+1]):
				l = 'a'
			case c == '$' && i+1 < len(w) && isLetter(w[i+1]):
				l = 's'
			case c == '!' && i > 0 && i+1 < len(w):
				l = 'i'
			case c == '|' && i > 0 && isLetter(w[i-1]):
				l, amb = leetBar.read(rd), true
			}
			if l != 0 {
				w[i] = l
				changed = true
			}
		}
	}
	return w, amb
}

func allLetters(w []byte) bool {
	for _, c := range w {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// unitPrefix reports "mg'" and similar: a unit followed by non-letters.
func unitPrefix(w []byte) bool {
	n := 0
	for n < len(w) && isLetter(w[n]) {
		n++
	}
	return units[string(w[:n])]
}
