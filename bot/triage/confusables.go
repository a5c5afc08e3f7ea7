package triage

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Character folding tables used by Normalize. They turn the many ways a
// letter can be written into one plain lower-case ASCII letter, so that a
// rule written once ("suicide") also catches "ЅUІСІDЕ" (Cyrillic),
// "ｓｕｉｃｉｄｅ" (full width), "𝐬𝐮𝐢𝐜𝐢𝐝𝐞" (maths bold) and "suicidé".
//
// Folding is deliberately lossy: Greek and Cyrillic words become Latin
// gibberish. The classifier only reads English and Spanish, and for those a
// look-alike letter is far more often a way around a filter (or a keyboard
// quirk) than a real word.

// foldTable maps single runes to their plain form. Built once at init from
// the readable lists below; never written afterwards.
var foldTable = buildFoldTable()

// latinAccents lists accented Latin letters (upper and lower case) by the
// base letter they fold to. ñ folds to n: patterns are written without
// accents too ("dolor en el pecho", "me tome todas las pastillas").
var latinAccents = map[string]string{
	"a":  "àáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậắằẳẵặÀÁÂÃÄÅĀĂĄǍǞǠǺȀȂȦḀẠẢẤẦẨẪẬẮẰẲẴẶ",
	"c":  "çćĉċčḉÇĆĈĊČḈ",
	"d":  "ďđḋḍḏḑḓĎĐḊḌḎḐḒ",
	"e":  "èéêëēĕėęěȅȇȩḕḗḙḛḝẹẻẽếềểễệÈÉÊËĒĔĖĘĚȄȆȨḔḖḘḚḜẸẺẼẾỀỂỄỆ",
	"g":  "ĝğġģǧǵḡĜĞĠĢǦǴḠ",
	"h":  "ĥħȟḣḥḧḩḫẖĤĦȞḢḤḦḨḪ",
	"i":  "ìíîïĩīĭįıǐȉȋḭḯỉịÌÍÎÏĨĪĬĮİǏȈȊḬḮỈỊ",
	"j":  "ĵǰĴ",
	"k":  "ķǩḱḳḵĶǨḰḲḴ",
	"l":  "ĺļľŀłḷḹḻḽĹĻĽĿŁḶḸḺḼ",
	"m":  "ḿṁṃḾṀṂ",
	"n":  "ñńņňǹṅṇṉṋÑŃŅŇǸṄṆṈṊ",
	"o":  "òóôõöøōŏőǒǭǿȍȏȫȭȯȱṍṏṑṓọỏốồổỗộớờởỡợÒÓÔÕÖØŌŎŐǑǪǬǾȌȎȪȬȮȰṌṎṐṒỌỎỐỒỔỖỘỚỜỞỠỢ",
	"p":  "ṕṗṔṖ",
	"r":  "ŕŗřȑȓṙṛṝṟŔŖŘȐȒṘṚṜṞ",
	"s":  "śŝşšșṡṣṥṧṩŚŜŞŠȘṠṢṤṦṨ",
	"t":  "ţťŧțṫṭṯṱẗŢŤŦȚṪṬṮṰ",
	"u":  "ùúûüũūŭůűųǔǖǘǚǜȕȗṳṵṷṹṻụủứừửữựÙÚÛÜŨŪŬŮŰŲǓǕǗǙǛȔȖṲṴṶṸṺỤỦỨỪỬỮỰ",
	"v":  "ṽṿṼṾ",
	"w":  "ŵẁẃẅẇẉẘŴẀẂẄẆẈ",
	"x":  "ẋẍẊẌ",
	"y":  "ýÿŷẏẙỳỵỷỹÝŸŶẎỲỴỶỸ",
	"z":  "źżžẑẓẕŹŻŽẐẒẔ",
	"ss": "ßẞ",
	"ae": "æǽǣÆǼǢ",
	"oe": "œŒ",
	"th": "þÞ",
}

// homoglyphs lists letters from other scripts (and Latin oddities) that look
// like an ASCII letter, by the letter they look like. Upper and lower case
// are both listed because case folding of some of them does not land on a
// look-alike (Greek Η → η).
var homoglyphs = map[string]string{
	// Cyrillic
	"a": "аАӑӓ",
	"b": "ВвЬь",
	"c": "сСҫ",
	"d": "ԁ",
	"e": "еЕёЁєЄэҽ",
	"h": "һҺНн",
	"i": "іІїЇ",
	"j": "јЈ",
	"k": "кКқҚ",
	"m": "мМ",
	"n": "пП",
	"o": "оОөӨ",
	"p": "рР",
	"q": "ԛ",
	"r": "гГ",
	"s": "ѕЅ",
	"t": "тТ",
	"u": "џ",
	"w": "ԝшШщЩ",
	"x": "хХҳ",
	"y": "уУүҮ",
}

// greekHomoglyphs is kept apart from the Cyrillic list only for readability.
var greekHomoglyphs = map[string]string{
	"a": "αΑάἀ",
	"b": "βΒ",
	"e": "εΕέ",
	"h": "Η",
	"i": "ιΙίϊΐ",
	"k": "κΚ",
	"m": "Μ",
	"n": "ηΝή",
	"o": "οΟόσ",
	"p": "ρΡ",
	"t": "τΤ",
	"u": "υΥύϋ",
	"v": "ν",
	"w": "ω",
	"x": "χΧ",
	"y": "γ",
	"z": "Ζ",
}

// otherLookalikes: small capitals, IPA and Armenian letters seen in
// filter-dodging text, and the micro sign (µg is mcg, not mg).
var otherLookalikes = map[string]string{
	"a":  "ᴀɑ",
	"b":  "ʙ",
	"c":  "ᴄ",
	"d":  "ᴅ",
	"e":  "ᴇ",
	"f":  "ғ",
	"g":  "ɢɡ",
	"h":  "ʜ",
	"i":  "ɪ",
	"j":  "ᴊ",
	"k":  "ᴋ",
	"l":  "ʟ",
	"m":  "ᴍ",
	"n":  "ɴ",
	"o":  "ᴏօ",
	"p":  "ᴘ",
	"r":  "ʀ",
	"t":  "ᴛ",
	"u":  "ᴜսυ",
	"v":  "ᴠ",
	"w":  "ᴡ",
	"y":  "ʏ",
	"z":  "ᴢ",
	"mc": "µμ",
}

// letterlike symbols fill the holes of the maths alphabets (ℎ, ℐ, ℛ …).
var letterlike = map[string]string{
	"b": "ℬ", "c": "ℂℭ", "e": "ℰℯ", "f": "ℱ", "g": "ℊ", "h": "ℎℋℌℍ", "i": "ℐℑℹ",
	"l": "ℒℓ", "m": "ℳ", "n": "ℕ", "o": "ℴ", "p": "ℙ", "q": "ℚ", "r": "ℛℜℝ", "z": "ℤℨ",
	// punctuation that should read as its ASCII self
	"'":   "’‘‛ʼ′`´",
	"\"":  "“”„‟«»″",
	"-":   "‐‑‒–—―−",
	"...": "…",
	// Spanish opening marks carry nothing the closing mark does not.
	"": "¿¡",
}

// A character listed under two letters would fold to whichever list the
// map iteration at start-up happened to read last, so the same message
// could be an emergency in one run of the program and nothing in the next.
// buildFoldTable therefore refuses such a table (the program stops at
// start; TestFoldTable names the character). A character that really looks
// like two letters belongs in ambiguousLetters instead, and is read both
// ways.
func buildFoldTable() map[rune]string {
	t, conflicts := foldTableFrom(latinAccents, homoglyphs, greekHomoglyphs, otherLookalikes, letterlike)
	if len(conflicts) > 0 {
		panic("triage: characters listed under two letters in the fold tables: " + strings.Join(conflicts, ", "))
	}
	return t
}

// foldTableFrom merges the lists and reports, sorted, every character
// listed under two different letters or also listed in ambiguousLetters.
func foldTableFrom(lists ...map[string]string) (map[rune]string, []string) {
	t := make(map[rune]string, 1024)
	var conflicts []string
	for _, m := range lists {
		for to, froms := range m {
			for _, r := range froms {
				if old, ok := t[r]; ok && old != to {
					conflicts = append(conflicts, fmt.Sprintf("%q (%U) as %q and %q", r, r, min(old, to), max(old, to)))
				}
				if _, amb := ambiguousLetters[r]; amb {
					conflicts = append(conflicts, fmt.Sprintf("%q (%U) as %q and in ambiguousLetters", r, r, to))
				}
				t[r] = to
			}
		}
	}
	slices.Sort(conflicts)
	return t, slices.Compact(conflicts)
}

// foldRange maps runes from the big "styled letter" blocks of Unicode
// (full width, mathematical alphanumerics, circled, squared, regional
// indicators) to ASCII by arithmetic. It returns 0 when r is not in them.
func foldRange(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full width ASCII
		return r - 0xFEE0
	case r >= 0x1D400 && r <= 0x1D6A3: // maths letters: 13 styles of A-Z a-z
		i := (r - 0x1D400) % 52
		if i < 26 {
			return 'a' + i
		}
		return 'a' + i - 26
	case r >= 0x1D7CE && r <= 0x1D7FF: // maths digits: 5 styles of 0-9
		return '0' + (r-0x1D7CE)%10
	case r >= 0x24B6 && r <= 0x24CF: // Ⓐ-Ⓩ
		return 'a' + r - 0x24B6
	case r >= 0x24D0 && r <= 0x24E9: // ⓐ-ⓩ
		return 'a' + r - 0x24D0
	case r >= 0x249C && r <= 0x24B5: // ⒜-⒵
		return 'a' + r - 0x249C
	case r >= 0x1F130 && r <= 0x1F149: // squared A-Z
		return 'a' + r - 0x1F130
	case r >= 0x1F150 && r <= 0x1F169: // negative circled A-Z
		return 'a' + r - 0x1F150
	case r >= 0x1F170 && r <= 0x1F189: // negative squared A-Z
		return 'a' + r - 0x1F170
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators (flag letters)
		return 'a' + r - 0x1F1E6
	}
	return 0
}

// invisible reports runes that carry no visible letter and are dropped:
// zero-width characters, joiners, bidi controls, variation selectors,
// emoji skin tones, tag characters and combining marks (accents typed as a
// separate mark, "Zalgo" text).
func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160,
		r == 0x17B4, r == 0x17B5, r == 0x180E, r == 0x3164, r == 0xFEFF, r == 0xFFA0:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x206F:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // skin tones
		return true
	case r >= 0xE0000 && r <= 0xE007F: // tags
		return true
	case r >= 0x0300 && r <= 0x036F, r >= 0x1AB0 && r <= 0x1AFF, r >= 0x1DC0 && r <= 0x1DFF,
		r >= 0x20D0 && r <= 0x20FF, r >= 0xFE20 && r <= 0xFE2F: // combining marks
		return true
	}
	return false
}

// twoWay is a character that looks as much like one letter as another:
// def is the letter Normalize reads, a and b the letters of the two
// alternative readings (readA, readB).
type twoWay struct{ def, a, b byte }

// read is the letter the character stands for in reading r.
func (t twoWay) read(r reading) byte {
	switch {
	case r&readA != 0:
		return t.a
	case r&readB != 0:
		return t.b
	}
	return t.def
}

// ambiguousLetters lists characters that look like two letters. Normalize
// reads each as def; Classify reads a message that has one twice more,
// once with every such character as its a letter and once as its b letter
// (and so the leetspeak 1 and |, and a capital I inside a lower-case word,
// leetOne, leetBar and capitalI), and keeps the more severe decision:
// "kiӏӏ myself" and "suӏcӏde" are both emergencies.
var ambiguousLetters = map[rune]twoWay{
	0x04CF: {'l', 'i', 'l'}, // ӏ small palochka: a vertical stroke, i or l by font
	0x04C0: {'i', 'i', 'l'}, // Ӏ capital palochka
	0x01EB: {'q', 'o', 'q'}, // ǫ o with ogonek, the small capital q of "small caps" generators
}

var (
	leetOne  = twoWay{'i', 'i', 'l'} // "su1c1de", "ki11"
	leetBar  = twoWay{'l', 'i', 'l'} // "ki||", "su|c|de"
	capitalI = twoWay{'i', 'i', 'l'} // "kiIl", "myseIf"
)

// ambiguousLo and ambiguousHi bound the runes of ambiguousLetters, so that
// other runes (emoji above all) skip the map.
var ambiguousLo, ambiguousHi = func() (lo, hi rune) {
	lo, hi = utf8.MaxRune, 0
	for r := range ambiguousLetters {
		lo, hi = min(lo, r), max(hi, r)
	}
	return
}()
