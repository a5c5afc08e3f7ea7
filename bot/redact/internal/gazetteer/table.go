// Package gazetteer holds the word lists behind the redactor's name and place detection: given
// names, surnames and towns from public data, sorted into tiers by how often they are also
// ordinary words, and compiled into a hash table that is embedded in the binary and read in
// place (no start-up cost, no allocation per lookup).
//
// The raw files are in data/ (sources, licences and dates in data/README.md); the generator
// (go run ./bot/redact/internal/gengazetteer, or go generate in this folder) rebuilds
// gazetteer.bin from them, and a test checks that the committed table is what they give.
package gazetteer

import (
	_ "embed"
	"encoding/binary"
)

//go:generate go run ../gengazetteer -data data -out gazetteer.bin

// Flags say what a folded word (or a run of words joined by single spaces) is.
//
// Names and places come in three strengths, decided by the generator from the word lists:
//   - Strong: not an ordinary word in any list ("okonkwo", "tacoma"): a name or place in any
//     position (lower case only where the detector says so);
//   - Cap: an ordinary word somewhere (a foreign stop word, a rarer English word: "ella",
//     "hazel", "como"): a name or place only when capitalised and not at the start of a
//     sentence, or with other evidence;
//   - Word: a common word ("grace", "will", "hope", "reading"): a name only after a cue or
//     beside another name, a place only after "in"/"from"… and capitalised.
const (
	GivenStrong uint16 = 1 << iota
	GivenCap
	GivenWord
	GivenLower // a given name common enough (1,500 births or more) to be taken in lower case
	SurnameStrong
	SurnameCap
	SurnameWord
	PlaceStrong
	PlaceCap
	PlaceWord
	PlaceMajor // a place of 100,000 people or more: taken in lower case without a cue
	PlaceStart // the first word of a place name of several words
	Region     // a state, province, country or larger region: may stay in a message
	Medical    // a drug, condition, test or clinical abbreviation: never a name or a place
	Stop       // a stop word of one of the languages ("ella" is she): never a name at the start of a sentence
)

// AnyGiven and the others group the strengths.
const (
	AnyGiven   = GivenStrong | GivenCap | GivenWord
	AnySurname = SurnameStrong | SurnameCap | SurnameWord
	AnyPlace   = PlaceStrong | PlaceCap | PlaceWord
)

// Table is a compiled gazetteer: an open-addressing hash table over folded keys.
//
// Layout (little endian): "PHG1", slot count n (uint32), n slots of 3 bytes each holding 1 +
// the offset of an entry in the entry area (0 for an empty slot), then the entries: key
// length (1 byte), flags (2 bytes), key bytes. Keys hash with 32-bit FNV-1a, map to a slot by
// multiplying (hash × n / 2³²) and probe linearly; the table is at most 70% full.
type Table struct {
	data    string
	slots   string
	entries string
	n       uint32
}

func slot(h, n uint32) uint32 { return uint32(uint64(h) * uint64(n) >> 32) }

func next(i, n uint32) uint32 {
	if i++; i == n {
		return 0
	}
	return i
}

//go:embed gazetteer.bin
var embedded string

// Default is the table built from data/. Should gazetteer.bin be missing or damaged it is an
// empty table (the generator must still run to rebuild it); a test fails then.
var Default = parseOrEmpty(embedded)

func parseOrEmpty(data string) *Table {
	if t, ok := Parse(data); ok {
		return t
	}
	t, _ := Parse("PHG1\x01\x00\x00\x00\x00\x00\x00")
	return t
}

// Parse reads a table without copying it.
func Parse(data string) (*Table, bool) {
	if len(data) < 8 || data[:4] != "PHG1" {
		return nil, false
	}
	n := binary.LittleEndian.Uint32([]byte(data[4:8]))
	if n == 0 || uint64(len(data)) < 8+3*uint64(n) {
		return nil, false
	}
	return &Table{data: data, slots: data[8 : 8+3*n], entries: data[8+3*n:], n: n}, true
}

// Hash is 32-bit FNV-1a.
func Hash[T string | []byte](key T) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return h
}

// Lookup returns the flags of a folded key, 0 when it is in no list.
func (t *Table) Lookup(key []byte) uint16 {
	if len(key) == 0 || len(key) > 255 {
		return 0
	}
	return t.lookup(key, Hash(key))
}

// LookupString is Lookup for a string key.
func (t *Table) LookupString(key string) uint16 {
	if len(key) == 0 || len(key) > 255 {
		return 0
	}
	return t.lookup([]byte(key), Hash(key))
}

func (t *Table) lookup(key []byte, h uint32) uint16 {
	for i, probes := slot(h, t.n), uint32(0); probes < t.n; i, probes = next(i, t.n), probes+1 {
		s := t.slots[3*i : 3*i+3]
		off := uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16
		if off == 0 || int(off) > len(t.entries) {
			return 0
		}
		e := t.entries[off-1:]
		n := int(e[0])
		if n == len(key) && len(e) >= 3+n && e[3:3+n] == string(key) {
			return uint16(e[1]) | uint16(e[2])<<8
		}
	}
	return 0
}

// Len is the number of keys.
func (t *Table) Len() int {
	n := 0
	for i := 0; i+3 <= len(t.slots); i += 3 {
		if t.slots[i:i+3] != "\x00\x00\x00" {
			n++
		}
	}
	return n
}

// Size is the table's size in bytes.
func (t *Table) Size() int { return len(t.data) }
