package gazetteer

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// Thresholds the generator applies to the raw files. Rarer entries are dropped: they are
// less likely to be met, and a long tail of rare strings is where collisions with words
// (and typos of words) live.
const (
	minBirthsStrong = 100    // SSA births 1880–2024 for a given name that is no word
	minBirthsCap    = 1000   // … that is a rarer or foreign word
	minBirthsWord   = 5000   // … that is a common English word
	minBirthsLower  = 1500   // … to be taken in lower case on its own
	maxRankStrong   = 50000  // 1990 Census surname rank, for a surname that is no word
	maxRankCap      = 20000  // … a rarer or foreign word
	maxRankWord     = 5000   // … a common English word
	minPopCap       = 5000   // people in a town whose name is a rarer or foreign word
	minPopWord      = 50000  // … a common English word
	minPopMajor     = 100000 // a town taken in lower case without "in"/"from"…
	wordLevel       = 20     // SCOWL sizes up to this are common English words
	givenCapLevel   = 50     // … up to this, for given names, rarer words
	otherCapLevel   = 60     // … and for surnames and places
)

// Stats describes a built table.
type Stats struct {
	Keys, Given, Surnames, Places, Regions, Medical int
	Bytes                                           int
}

type lists struct {
	level     map[string]int // SCOWL size of English words
	enStop    map[string]bool
	foreign   map[string]bool // stop words and everyday words of the other languages
	stop      map[string]bool // stop words of the other languages
	slang     map[string]bool // English chat words
	medical   map[string]bool
	namesOnly map[string]bool // dictionary words that are names first
}

// tier is 0 for a word in no list, 1 for a rarer or foreign word, 2 for a common word.
func (l *lists) tier(w string, capLevel int) int {
	if lv, ok := l.level[w]; ok && lv <= wordLevel || l.enStop[w] || l.slang[w] {
		return 2
	}
	if lv, ok := l.level[w]; ok && lv <= capLevel || l.foreign[w] {
		return 1
	}
	return 0
}

// Build compiles the raw files in dir into a table.
func Build(dir fs.FS) ([]byte, Stats, error) {
	var st Stats
	l := &lists{level: map[string]int{}, enStop: map[string]bool{}, foreign: map[string]bool{},
		slang: map[string]bool{}, stop: map[string]bool{}, medical: map[string]bool{}, namesOnly: map[string]bool{}}
	flags := map[string]uint16{}

	err := readLines(dir, "english_words.tsv", func(f []string) error {
		lv, err := strconv.Atoi(field(f, 1))
		if err != nil {
			return err
		}
		l.level[f[0]] = lv
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	lang := ""
	err = readSections(dir, "stopwords.txt", func(section string, words []string) {
		lang = section
		for _, w := range words {
			if lang == "en" {
				l.enStop[w] = true
			} else {
				l.foreign[w] = true
				l.stop[w] = true
			}
		}
	})
	if err != nil {
		return nil, st, err
	}
	err = readSections(dir, "common_words.txt", func(section string, words []string) {
		for _, w := range words {
			if section == "English chat" {
				l.slang[w] = true
			} else {
				l.foreign[w] = true
			}
		}
	})
	if err != nil {
		return nil, st, err
	}
	for _, f := range []struct {
		name string
		set  map[string]bool
	}{{"medical_words.txt", l.medical}, {"names_first.txt", l.namesOnly}} {
		if err := readSections(dir, f.name, func(_ string, words []string) {
			for _, w := range words {
				f.set[w] = true
			}
		}); err != nil {
			return nil, st, err
		}
	}
	for w := range l.medical {
		flags[w] |= Medical
		st.Medical++
	}

	// Given names: SSA births, 1880–2024.
	err = readLines(dir, "given_names.tsv", func(f []string) error {
		births, err := strconv.Atoi(field(f, 1))
		if err != nil {
			return err
		}
		words := FoldWords(f[0])
		if len(words) != 1 || len(words[0]) < 2 || l.medical[words[0]] {
			return nil
		}
		w := words[0]
		t := l.tier(w, givenCapLevel)
		if l.namesOnly[w] {
			t = 0
		}
		var fl uint16
		switch {
		case t == 0 && births >= minBirthsStrong:
			fl = GivenStrong
			if births >= minBirthsLower && len(w) >= 3 {
				fl |= GivenLower
			}
		case t == 1 && births >= minBirthsCap:
			fl = GivenCap
		case t == 2 && births >= minBirthsWord:
			fl = GivenWord
		}
		if fl != 0 {
			flags[w] |= fl
			st.Given++
		}
		return nil
	})
	if err != nil {
		return nil, st, err
	}

	// Surnames: 1990 Census, in order of frequency.
	rank := 0
	err = readLines(dir, "surnames.txt", func(f []string) error {
		rank++
		words := FoldWords(f[0])
		if len(words) != 1 || len(words[0]) < 2 || l.medical[words[0]] {
			return nil
		}
		w := words[0]
		var fl uint16
		switch t := l.tier(w, otherCapLevel); {
		case t == 0 && rank <= maxRankStrong:
			fl = SurnameStrong
		case t == 1 && rank <= maxRankCap:
			fl = SurnameCap
		case t == 2 && rank <= maxRankWord:
			fl = SurnameWord
		}
		if fl != 0 {
			flags[w] |= fl
			st.Surnames++
		}
		return nil
	})
	if err != nil {
		return nil, st, err
	}

	// Regions that may stay.
	regions := map[string]bool{}
	err = readLines(dir, "not_places.txt", func(f []string) error {
		words := FoldWords(strings.Join(f, " "))
		if len(words) == 0 {
			return nil
		}
		k := strings.Join(words, " ")
		regions[k] = true
		flags[k] |= Region
		if len(words) > 1 {
			flags[words[0]] |= PlaceStart
		}
		st.Regions++
		return nil
	})
	if err != nil {
		return nil, st, err
	}

	// Places: GeoNames towns, with their population, and other names of large cities.
	for _, file := range []string{"places.tsv", "places_extra.tsv"} {
		if err := readLines(dir, file, func(f []string) error { return addPlace(f, flags, regions, l, &st) }); err != nil {
			return nil, st, err
		}
	}

	for w := range flags {
		if flags[w]&(AnyGiven|AnySurname|AnyPlace) != 0 && (l.enStop[w] || l.stop[w]) {
			flags[w] |= Stop
		}
	}
	out := encode(flags)
	st.Keys = len(flags)
	st.Bytes = len(out)
	return out, st, nil
}

func addPlace(f []string, flags map[string]uint16, regions map[string]bool, l *lists, st *Stats) error {
	pop, err := strconv.Atoi(field(f, 1))
	if err != nil {
		return err
	}
	words := FoldWords(f[0])
	if len(words) == 0 || len(words) > 6 {
		return nil
	}
	for _, v := range placeVariants(words) {
		k := strings.Join(v, " ")
		if regions[k] || len(k) < 3 || len(v) == 1 && l.medical[k] {
			continue
		}
		var fl uint16
		if len(v) == 1 {
			switch l.tier(k, otherCapLevel) {
			case 0:
				fl = PlaceStrong
			case 1:
				if pop >= minPopCap {
					fl = PlaceCap
				}
			case 2:
				if pop >= minPopWord {
					fl = PlaceWord
				}
			}
		} else {
			fl = PlaceWord // every word an ordinary one: "Long Beach", "Salt Lake City"
			for _, w := range v {
				if !linkWord(w) && l.tier(w, otherCapLevel) == 0 && !l.medical[w] {
					fl = PlaceStrong
					break
				}
			}
			flags[v[0]] |= PlaceStart
		}
		if fl == 0 {
			continue
		}
		if pop >= minPopMajor {
			fl |= PlaceMajor
		}
		if flags[k]&AnyPlace == 0 {
			st.Places++
		}
		flags[k] |= fl
	}
	return nil
}

// placeVariants: the name, and the abbreviated forms people type for "Saint", "Mount",
// "Fort" ("St. Louis", "Mt Vernon", "Ft Myers").
func placeVariants(words []string) [][]string {
	out := [][]string{words}
	short := map[string]string{"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft", "st": "saint"}
	if s, ok := short[words[0]]; ok && len(words) > 1 {
		v := append([]string{s}, words[1:]...)
		out = append(out, v)
	}
	return out
}

// linkWord: the small words inside place names ("de", "la", "upon", "am").
func linkWord(w string) bool {
	switch w {
	case "de", "del", "la", "las", "los", "el", "da", "do", "dos", "das", "di", "della", "le",
		"les", "du", "des", "d", "l", "am", "an", "im", "bei", "upon", "on", "the", "of", "y", "e",
		"sur", "en", "sul", "al", "a":
		return true
	}
	return false
}

func encode(flags map[string]uint16) []byte {
	keys := make([]string, 0, len(flags))
	for k, f := range flags {
		if f != 0 && len(k) <= 255 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	n := uint32(len(keys)*10/7 + 1) // load factor 0.7
	slots := make([]uint32, n)
	var entries []byte
	for _, k := range keys {
		off := uint32(len(entries))
		entries = append(entries, byte(len(k)), byte(flags[k]), byte(flags[k]>>8))
		entries = append(entries, k...)
		for i := slot(Hash(k), n); ; i = next(i, n) {
			if slots[i] == 0 {
				slots[i] = off + 1
				break
			}
		}
	}
	out := make([]byte, 0, 8+3*len(slots)+len(entries))
	out = append(out, "PHG1"...)
	out = binary.LittleEndian.AppendUint32(out, n)
	for _, s := range slots {
		out = append(out, byte(s), byte(s>>8), byte(s>>16))
	}
	return append(out, entries...)
}

func field(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

// readLines calls fn with the tab-separated fields of each line that is neither empty nor a
// comment.
func readLines(dir fs.FS, name string, fn func([]string) error) error {
	f, err := dir.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// readSections reads a word file: "# heading" lines start sections, other lines hold words
// separated by spaces. Words are folded.
func readSections(dir fs.FS, name string, fn func(section string, words []string)) error {
	data, err := fs.ReadFile(dir, name)
	if err != nil {
		return err
	}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			section = strings.TrimSpace(strings.TrimPrefix(line, "#"))
			continue
		}
		var words []string
		for _, w := range strings.Fields(line) {
			words = append(words, FoldWords(w)...)
		}
		if len(words) > 0 {
			fn(section, words)
		}
	}
	return nil
}
