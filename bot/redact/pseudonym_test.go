package redact

import (
	"sync"
	"testing"
)

func TestPseudonymLetters(t *testing.T) {
	for n, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := letters(n); got != want {
			t.Errorf("letters(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPseudonymsStableInOrderOfAppearance(t *testing.T) {
	p := New(testMembers).NewPseudonymizer()
	steps := []struct{ id, want string }{
		{"222", "Member A"}, {"111", "Member B"}, {"222", "Member A"}, {"999", "Member C"}, {"111", "Member B"},
	}
	for _, s := range steps {
		if got := p.Author(s.id); got != s.want {
			t.Errorf("Author(%s) = %q, want %q", s.id, got, s.want)
		}
	}
	// a new summary starts over: nobody is linkable across summaries
	q := New(testMembers).NewPseudonymizer()
	if got := q.Author("111"); got != "Member A" {
		t.Errorf("new summary: Author(111) = %q, want Member A", got)
	}
}

func TestPseudonymsPastZ(t *testing.T) {
	p := New(nil).NewPseudonymizer()
	var last string
	for i := 0; i < 28; i++ {
		last = p.Author(string(rune('a'+i%26)) + string(rune('0'+i/26)))
	}
	if last != "Member AB" {
		t.Errorf("28th author = %q, want Member AB", last)
	}
}

func TestPseudonymRedact(t *testing.T) {
	r := New(testMembers)
	p := r.NewPseudonymizer("222", "111") // James, then Maria
	cases := []redactCase{
		// mentions of authors → their pseudonyms
		{"thanks <@111>!", "thanks Member B!"},
		{"<@!222> agreed", "Member A agreed"},
		// names of authors in plain text → their pseudonyms
		{"Maria said so", "Member B said so"},
		{"Maria's tip", "Member B's tip"},
		{"@maria_lopez85 and JT", "Member B and Member A"},
		{"James Turner posted", "Member A posted"},
		// non-authors stay placeholders
		{"ask <@555> or Kate", "ask [name] or Person 1"},
		{"<@999999> hi", "[name] hi"},
		// everything else is still redacted
		{"Maria's number is 555-234-5678", "Member B's number is [phone]"},
	}
	for _, c := range cases {
		if got := p.Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got  %q\n want %q", c.in, got, c.want)
		}
	}
}

func TestPseudonymLaterAuthor(t *testing.T) {
	r := New(testMembers)
	p := r.NewPseudonymizer()
	p.Author("222")
	if got := p.Redact("hi <@111>"); got != "hi [name]" {
		t.Errorf("before 111 writes: %q", got)
	}
	p.Author("111")
	if got := p.Redact("hi <@111>"); got != "hi Member B" {
		t.Errorf("after 111 writes: %q", got)
	}
}

func TestPseudonymAmbiguousName(t *testing.T) {
	r := New([]Member{{ID: "1", GlobalName: "Sam Okafor"}, {ID: "2", GlobalName: "Sam Lee"}})
	p := r.NewPseudonymizer("1", "2")
	if got := p.Redact("Sam said hi, Sam Lee too"); got != "Person 1 said hi, Member B too" {
		t.Errorf("got %q", got)
	}
}

func TestPseudonymPartOfAnotherName(t *testing.T) {
	// "Ana" is a member, but Dr. Ana Schultz is someone else: the member's pseudonym must
	// not be put on the doctor.
	r := New([]Member{{ID: "1", GlobalName: "Ana García"}})
	p := r.NewPseudonymizer("1")
	if got := p.Redact("Dr. Ana Schultz said Ana was right"); got != "Dr. Person 1 said Member A was right" {
		t.Errorf("got %q", got)
	}
}

func TestPseudonymLearnsIntroducedNames(t *testing.T) {
	r := New(testMembers)
	p := r.NewPseudonymizer()
	msgs := []struct{ author, in, want string }{
		{"42", "Hi, I'm Fatima and my son Noah has T1D", "Hi, I'm Member A and my son Person 1 has T1D"},
		{"42", "Fatima here again: Noah had a low", "Member A here again: Person 1 had a low"},
		{"111", "welcome Fatima! how old is Noah?", "welcome Member A! how old is Person 1?"},
		{"111", "Dr. Mbeki is great", "Dr. Person 2 is great"},
		{"42", "is Mbeki at the clinic?", "is Person 2 at the clinic?"},
	}
	for _, m := range msgs {
		if got := p.RedactMessage(m.author, m.in); got != m.want {
			t.Errorf("RedactMessage(%s, %q)\n got  %q\n want %q", m.author, m.in, got, m.want)
		}
	}
}

func TestPseudonymizerConcurrent(t *testing.T) {
	r := New(testMembers)
	p := r.NewPseudonymizer()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Go(func() {
			for j := 0; j < 200; j++ {
				p.RedactMessage("111", "I'm Gabriela, <@222> said Maria was right")
				p.RedactMessage("222", "my son Rory is at St. Jude's in Tacoma, grandma is 94")
				p.Author(string(rune('a' + j%26)))
			}
		})
	}
	wg.Wait()
	if got := p.Author("111"); got != "Member A" {
		t.Errorf("first author = %q", got)
	}
}

// TestPseudonymPeopleAndPlaces: non-members and places get numbered pseudonyms that stay the
// same within a summary, so "who said what about whom, where" can still be followed.
func TestPseudonymPeopleAndPlaces(t *testing.T) {
	p := New(nil).NewPseudonymizer("1", "2")
	for _, c := range []struct{ author, in, want string }{
		{"1", "my nephew Rory goes to St. Jude's in Tacoma", "my nephew Person 1 goes to Place 1 in Place 2"},
		{"2", "St Jude's is great, Rory will be fine", "Place 1 is great, Person 1 will be fine"},
		{"1", "Maria Gomez from Tacoma said the same", "Person 2 from Place 2 said the same"},
		{"2", "tell Maria thanks", "tell Person 2 thanks"},
		{"1", "grandma is 94 and lives in Boise", "grandma is [age 90+] and lives in Place 3"},
	} {
		if got := p.RedactMessage(c.author, c.in); got != c.want {
			t.Errorf("RedactMessage(%q)\n got  %q\n want %q", c.in, got, c.want)
		}
	}
	if got := New(nil).NewPseudonymizer().Redact("Rory in Tacoma"); got != "Person 1 in Place 1" {
		t.Errorf("a new summary starts again: %q", got)
	}
}

// Text written about pseudonymised messages (an LLM's summary of them) is redacted again
// before it is stored: the pseudonyms survive, and what the model invented or echoed goes.
func TestRedactingPseudonymisedTextKeepsThePseudonyms(t *testing.T) {
	r := New([]Member{{ID: "1", Username: "alice_s", GlobalName: "Alice Smith"}})
	p := r.NewPseudonymizer("1")
	for in, want := range map[string]string{
		"Member A said Person 1 visits Place 1; Member AB agreed with Person 12.": "Member A said Person 1 visits Place 1; Member AB agreed with Person 12.",
		"Member A's nephew lives near Place 2.":                                   "Member A's nephew lives near Place 2.",
		"Alice Smith (415-555-0134) asked from 10.0.0.7.":                         "Member A ([phone]) asked from [ip].",
		"Members discussed Personal care in Placer County.":                       "Members discussed Personal care in Place 1.",
	} {
		if got := p.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
