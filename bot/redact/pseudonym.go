package redact

import (
	"strconv"
	"strings"
	"sync"
)

// Pseudonymizer gives the authors of one summary stable pseudonyms ("Member A", "Member B",
// …, "Member Z", "Member AA", …) in the order they first appear, and redacts text so that a
// mention or name of one of those authors reads as their pseudonym instead of "[name]".
// Other people named in the summary become "Person 1", "Person 2", … and towns, counties and
// care facilities "Place 1", "Place 2", …, the same one each time it comes back, so a reader
// can still follow who said what about whom and where. Use one per summary: the same person
// must not be linkable across summaries. It is safe for concurrent use.
type Pseudonymizer struct {
	r    *Redactor
	mu   sync.Mutex
	byID map[string]string
	// people and places number the non-members and places met so far, by their folded
	// words; parts maps each word of a name of several words to its person (-1 when two
	// people share it), so "Maria Gomez" and later "Maria" are the same Person.
	people, places map[string]int
	parts          map[string]int
	nPeople        int
	// learned holds names introduced by a cue in earlier messages ("I'm Fatima", "my son
	// Jake", "Dr. Patel"), so a later bare "Fatima" or "Jake" is caught too. Replaced, never
	// changed in place, so scans can read it without the lock.
	learned map[string]string
}

// NewPseudonymizer starts a pseudonym table. Passing the summary's authors in order of first
// appearance fixes their pseudonyms up front, so a message that mentions someone who only
// writes later in the thread already gets their pseudonym.
func (r *Redactor) NewPseudonymizer(authorIDs ...string) *Pseudonymizer {
	p := &Pseudonymizer{r: r, byID: map[string]string{}, learned: map[string]string{},
		people: map[string]int{}, places: map[string]int{}, parts: map[string]int{}}
	for _, id := range authorIDs {
		p.Author(id)
	}
	return p
}

// Author returns the pseudonym of the user with this ID, giving the next free one to a user
// seen for the first time.
func (p *Pseudonymizer) Author(userID string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if name, ok := p.byID[userID]; ok {
		return name
	}
	name := "Member " + letters(len(p.byID))
	p.byID[userID] = name
	return name
}

// Lookup returns the pseudonym of an author already seen, without assigning one.
func (p *Pseudonymizer) Lookup(userID string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name, ok := p.byID[userID]
	return name, ok
}

// Redact is Redactor.Redact, except that mentions and names of this summary's authors become
// their pseudonyms. Anyone else stays "[name]": a pseudonym is only useful for someone whose
// messages the reader can see.
func (p *Pseudonymizer) Redact(text string) string {
	return p.RedactMessage("", text)
}

// RedactMessage redacts one message of the summary written by authorID, and gives the
// author a pseudonym if they have none yet. Names introduced in it are remembered for the
// rest of the summary; a name the author gives for themselves ("I'm Fatima") becomes their
// pseudonym wherever it appears later. Redact messages in the order they were written.
func (p *Pseudonymizer) RedactMessage(authorID, text string) string {
	if authorID != "" {
		p.Author(authorID)
	}
	p.mu.Lock()
	learned := p.learned
	p.mu.Unlock()
	spans, cued := p.r.find(text, learned, authorID)
	p.mu.Lock()
	out := render(text, spans, func(sp span) (string, bool) { return p.pseudonym(text, sp) })
	p.mu.Unlock()
	if len(cued) > 0 {
		p.learn(authorID, cued)
	}
	return out
}

// pseudonym names a span: an author's pseudonym for a member of the summary, "Person N" for
// anyone else, "Place N" for a place. Called with p.mu held.
func (p *Pseudonymizer) pseudonym(text string, sp span) (string, bool) {
	switch sp.kind {
	case KindName:
		if sp.user != "" {
			name, ok := p.byID[sp.user]
			if ok {
				return name, true
			}
		}
		if text[sp.start] == '<' { // a mention of a member outside the summary
			return "", false
		}
		words := foldWords(strings.TrimPrefix(text[sp.start:sp.end], "@"))
		if len(words) == 0 {
			return "", false
		}
		return "Person " + strconv.Itoa(p.person(words)), true
	case KindPlace:
		words := foldWords(text[sp.start:sp.end])
		if n := len(words); n > 1 && words[n-1] == "s" {
			words = words[:n-1] // "St. Jude's" and "St Jude"
		}
		if len(words) > 0 && (words[0] == "saint" || words[0] == "st") {
			words[0] = "st"
		}
		if len(words) == 0 {
			return "", false
		}
		k := strings.Join(words, " ")
		n, ok := p.places[k]
		if !ok {
			n = len(p.places) + 1
			p.places[k] = n
		}
		return "Place " + strconv.Itoa(n), true
	}
	return "", false
}

// person numbers a non-member by the words of their name.
func (p *Pseudonymizer) person(words []string) int {
	k := strings.Join(words, " ")
	if n, ok := p.people[k]; ok {
		return n
	}
	if len(words) == 1 {
		if n, ok := p.parts[k]; ok && n > 0 {
			return n // "Maria" after "Maria Gomez"
		}
	}
	p.nPeople++
	n := p.nPeople
	p.people[k] = n
	if len(words) > 1 {
		for _, w := range words {
			if old, ok := p.parts[w]; ok && old != n {
				p.parts[w] = -1
				continue
			}
			p.parts[w] = n
		}
	}
	return n
}

func (p *Pseudonymizer) learn(authorID string, cued []cuedName) {
	p.mu.Lock()
	defer p.mu.Unlock()
	next := make(map[string]string, len(p.learned)+len(cued))
	for w, u := range p.learned {
		next[w] = u
	}
	for _, c := range cued {
		user := ""
		if c.intro {
			user = authorID
		}
		for _, w := range c.words {
			if len([]rune(w)) < 2 {
				continue
			}
			if old, ok := next[w]; ok && old != user {
				next[w] = "" // two people answer to it: don't guess
				continue
			}
			next[w] = user
		}
	}
	p.learned = next
}

// letters numbers pseudonyms like spreadsheet columns: 0 → A, 25 → Z, 26 → AA, 27 → AB.
func letters(n int) string {
	var b []byte
	for n++; n > 0; n = (n - 1) / 26 {
		b = append(b, byte('A'+(n-1)%26))
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return strings.Clone(string(b))
}
