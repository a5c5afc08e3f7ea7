package redact

import (
	"strings"
	"sync"
)

// Pseudonymizer gives the authors of one summary stable pseudonyms ("Member A", "Member B",
// …, "Member Z", "Member AA", …) in the order they first appear, and redacts text so that a
// mention or name of one of those authors reads as their pseudonym instead of "[name]".
// Use one per summary: the same person must not be linkable across summaries. It is safe
// for concurrent use.
type Pseudonymizer struct {
	r    *Redactor
	mu   sync.Mutex
	byID map[string]string
	// learned holds names introduced by a cue in earlier messages ("I'm Fatima", "my son
	// Jake", "Dr. Patel"), so a later bare "Fatima" or "Jake" is caught too. Replaced, never
	// changed in place, so scans can read it without the lock.
	learned map[string]string
}

// NewPseudonymizer starts a pseudonym table. Passing the summary's authors in order of first
// appearance fixes their pseudonyms up front, so a message that mentions someone who only
// writes later in the thread already gets their pseudonym.
func (r *Redactor) NewPseudonymizer(authorIDs ...string) *Pseudonymizer {
	p := &Pseudonymizer{r: r, byID: map[string]string{}, learned: map[string]string{}}
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
	out := render(text, spans, p.Lookup)
	if len(cued) > 0 {
		p.learn(authorID, cued)
	}
	return out
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
