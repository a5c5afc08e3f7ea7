package triage

import (
	"bufio"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

type caseSpec struct {
	name string
	in   string
	want Category
}

// runCases checks the rules: what they decide before the learned layer may
// raise it. The learned layer is measured on the labelled sets
// (eval_test.go), and TestEverydayChat holds the whole classifier to quiet
// on everyday messages.
func runCases(t *testing.T, cases []caseSpec) {
	t.Helper()
	for _, tc := range cases {
		d := analyzeRules(tc.in)
		if d.Category != tc.want {
			t.Errorf("%s: rules(%q) = %s %v, want %s\n%s", tc.name, tc.in, d.Category, d.Reasons, tc.want, explain(tc.in))
		}
		if got := Classify(tc.in); got.Category < d.Category {
			t.Errorf("%s: Classify(%q) = %s, below the rules' %s", tc.name, tc.in, got.Category, d.Category)
		}
	}
}

func TestNegation(t *testing.T) {
	runCases(t, []caseSpec{
		{"self negation", "I'm not suicidal, just tired", None},
		{"never", "I would never kill myself", None},
		{"dont want to die", "I don't want to die, I want to get better", None},
		{"no longer", "I'm no longer suicidal, therapy helped", None},
		{"denial of a red flag", "no chest pain, just heartburn", None},
		{"have not had", "I haven't had a seizure in two years", None},
		{"spelled-out not", "I do not want to hurt myself", None},
		{"spanish negation", "no me quiero morir", None},
		{"spanish red flag negated", "no tengo dolor en el pecho", None},
		// uncertainty is not denial
		{"not sure", "not sure if I want to live anymore", Emergency},
		{"dont know if", "I don't know if I want to be alive", Emergency},
		{"negation inside the phrase", "I don't want to live anymore", Emergency},
		{"no longer want", "I no longer want to be here", Emergency},
		{"negation belongs to another clause", "I'm not ok, I want to die", Emergency},
		{"negation belongs to another subject", "im not ok i want to die", Emergency},
		{"denial then a second statement", "I'm not suicidal but everyone would be better off without me", Emergency},
		{"never … like this", "I've never had chest pain like this before", Emergency},
		{"not saying", "I'm not saying I want to die but I think about it", Emergency},
		{"denial then a plan", "I'm not suicidal anymore but I have a plan", Emergency},
		{"a plan beside suicide", "I feel suicidal and I have a plan", Emergency},
		{"a plan and the means", "I have a plan and the pills", Emergency},
		{"a safety plan is not a plan to die", "not suicidal, I have a plan with my therapist for bad days", None},
		{"a plan alone", "talked to my endo, now I have a plan", None},
		{"negator of an earlier verb", "if I don't wake up tomorrow tell my kids I love them", Emergency},
	})
}

func TestQuotesAndReports(t *testing.T) {
	runCases(t, []caseSpec{
		{"doctor said", "my doctor said chest pain is common after the surgery", Clinical},
		{"article said", "the article said suicide rates are higher with chronic pain", None},
		{"news", "news story about an insulin overdose in a care home", None},
		{"awareness", "suicide prevention week is coming up, wear yellow", None},
		{"hypothetical red flag", "what should I do if my sugar drops below 50?", Clinical},
		{"general question", "is chest tightness a side effect of symbicort?", Clinical},
		{"past red flag", "I had a mild stroke in 2019, anyone else?", Clinical},
		{"report but happening now", "my doctor said chest pain is normal after the stent but it's getting worse right now", Emergency},
		{"general question but happening now", "is chest pain normal with long covid? I've had it for 2 hours", Emergency},
		{"quoted speech of someone at risk", `my brother texted me "I want to die"`, Emergency},
		{"hypothetical self-harm is still an emergency", "what if I took all my pills at once", Emergency},
		{"uncertainty is not a hypothetical", "I don't know if I'm having a heart attack, my chest is crushing", Emergency},
		{"not sure if", "not sure if this is a stroke but my face is drooping", Emergency},
		{"idk if", "idk if it's DKA but ketones are high and I'm vomiting", Emergency},
		{"spanish yes is not if", "sí, me duele el pecho ahora", Emergency},
		{"question about lethality", "how much insulin would it take to not wake up", Emergency},
		{"idiom", "I'm dying to try the new pump", None},
		{"idiom embarrassed", "I wanted to die when my pump beeped in the meeting, so embarrassing", None},
		{"joke marker on the vaguest flag", "my kid yelled I'm gonna die when he saw the needle lol", None},
		{"joke marker does not cancel self-harm", "if this sensor fails again I'm going to kill myself lol", Emergency},
		{"heat stroke", "heat stroke is no joke, drink water", None},
		{"routine pills", "took all my morning meds on time today", None},
		{"life into my own hands", "taking my life into my own hands and trying keto", None},
		{"rather die than a chore", "I'd rather die than eat another salad lol", None},
		{"rather die than live", "I'd rather die than live like this", Emergency},
	})
}

// Phrasings found missing while probing after the evaluation sets; kept so
// they stay caught, with near-misses that must stay quiet.
func TestMorePhrasings(t *testing.T) {
	runCases(t, []caseSpec{
		{"want out", "I want out of this life", Emergency},
		{"cant live anymore", "I can't live with this anymore", Emergency},
		{"wish it would end", "I wish it would all end", Emergency},
		{"no one needs me", "no one needs me", Emergency},
		{"not safe", "I don't feel safe with myself tonight", Emergency},
		{"what I'll do", "I'm scared of what I'll do", Emergency},
		{"gone soon", "I'll be gone soon", Emergency},
		{"cut deep", "cut too deep this time", Emergency},
		{"floppy baby", "my baby is floppy and won't feed", Emergency},
		{"cant wake", "I can't wake my dad up", Emergency},
		{"seizures all day", "she's been having seizures all day", Emergency},
		{"vomiting with type 1", "I can't stop throwing up and I'm type 1", Emergency},
		{"hives and dizzy", "hives and dizzy after a bee sting", Emergency},
		{"stops breathing, asked as a question", "does anyone know what to do when your husband stops breathing during a seizure", Emergency},
		{"typo cnt", "cnt breathe properly, lips tingling after shrimp", Emergency},
		{"child ingestion", "my toddler got into my metformin", Emergency},
		{"not safe at work", "I don't feel safe at work with my boss", None},
		{"food poisoning", "I can't stop throwing up, food poisoning I think", None},
		{"last day at work", "my last day at the old job today!", None},
		{"gone for the weekend", "I'll be gone for the weekend, see you monday", None},
		{"flare should end", "I wish this flare would end already", None},
		{"not needed at work", "no one needs me at work today so I'm going home early", None},
		{"cannot wake up in the morning", "I can't wake up in the mornings on this med", None},
		{"hyperbole could just die", "ugh I could just die, I forgot my insulin at home", Clinical},
		{"painless ways to go", "I keep googling painless ways to go", Emergency},
		{"pills lined up", "I've got all my diazepam lined up on the table", Emergency},
		{"bath and razor", "im in the bath with a razor", Emergency},
		{"easiest way", "what's the easiest way to count carbs?", None},
		{"painless finger pricks", "is there a painless way to do finger pricks?", None},
		{"weekly organizer", "I laid out all my meds for the week in the organizer", None},
		{"shaving", "shaving my legs in the bath with a new razor", None},
		{"attempt", "I attempted suicide last year and I'm scared of doing it again", Emergency},
		{"something stupid", "i'm gonna do something stupid tonight", Emergency},
		{"trust myself", "I don't trust myself tonight", Emergency},
		{"wont bother you again", "sorry for being a burden, I won't bother you again", Emergency},
		{"last message", "this will be my last message here", Emergency},
		{"tired of living es", "estoy cansada de vivir", Emergency},
		{"jump es", "me voy a tirar del puente", Emergency},
		{"something stupid, dinner", "I did something stupid and burned dinner lol", None},
		{"wont bother, questions", "I won't bother you again with my insulin questions, thanks for the help!", None},
		{"last message before vacation", "this will be my last message before my vacation, see you all in 2 weeks", None},
		{"no point fighting insurance", "no point fighting with insurance, they always win", None},
	})
}

func TestThirdPerson(t *testing.T) {
	runCases(t, []caseSpec{
		{"friend wants to die", "my friend says she wants to die", Emergency},
		{"son plans", "my son told me he wants to kill himself", Emergency},
		{"parent stroke", "my dad's face is drooping and his speech is slurred", Emergency},
		{"child seizure", "my daughter is having a seizure", Emergency},
		{"partner unresponsive", "my husband collapsed and won't wake up", Emergency},
		{"death long ago", "my grandma died of a stroke years ago, miss her", None},
	})
}

func TestEmojiInContext(t *testing.T) {
	runCases(t, []caseSpec{
		{"pills took all", "💊💊💊 took all", Emergency},
		{"pills goodbye", "💊💊💊💊 goodbye", Emergency},
		{"knife blood", "🔪🩸", Emergency},
		{"coffin", "ready for the ⚰️", Emergency},
		{"grave soon", "🪦 soon", Emergency},
		{"dizzy low", "😵 sugar 41", Emergency},
		{"one pill emoji is routine", "💊 time!", None},
		{"cooking", "cooking dinner tonight 🔪🥕", None},
		{"skull is a laugh", "I'm dead 💀 that meme", None},
	})
}

func TestSpanish(t *testing.T) {
	runCases(t, []caseSpec{
		{"me quiero morir", "me quiero morir", Emergency},
		{"quiero suicidarme", "quiero suicidarme", Emergency},
		{"pastillas", "me tomé todas las pastillas", Emergency},
		{"pill count", "tomé 30 pastillas", Emergency},
		{"chest", "dolor en el pecho", Emergency},
		{"breathing", "no puedo respirar", Emergency},
		{"better without me", "todos estarían mejor sin mí", Emergency},
		{"third person", "mi amiga dice que se quiere morir", Emergency},
		{"seizure", "mi hijo está convulsionando", Emergency},
		{"stroke", "mi papá tiene la cara caída", Emergency},
		{"dose question", "¿cuánta insulina me pongo para 60 gramos?", Clinical},
		{"peer", "¿alguien más tiene problemas para dormir con el asma?", Peer},
	})
}

func TestLookAlikesAndObfuscation(t *testing.T) {
	runCases(t, []caseSpec{
		{"cyrillic", "I wаnt to dіe", Emergency},
		{"cyrillic words", "ѕuісіdаl", Emergency},
		{"full width", "ｋｉｌｌ ｍｙｓｅｌｆ", Emergency},
		{"maths bold", "𝐤𝐢𝐥𝐥 𝐦𝐲𝐬𝐞𝐥𝐟", Emergency},
		{"zero width", "su\u200bi\u200ccide", Emergency},
		{"leet", "i w4nt t0 d1e", Emergency},
		{"leet symbols", "$uicidal", Emergency},
		{"spaced", "s u i c i d e", Emergency},
		{"dotted", "k.i.l.l m.y.s.e.l.f", Emergency},
		{"spaced by two spaces", "s  u  i  c  i  d  e", Emergency},
		{"spaced by tabs", "thinking about s\tu\tI\tc\ti\td\te", Emergency},
		{"phrase spelled out", "k i l l m y s e l f", Emergency},
		{"phrase spelled out in a sentence", "honestly i want to k i l l m y s e l f", Emergency},
		{"sentence spelled out", "i w a n t t o d i e", Emergency},
		{"phrase spelled out with leet", "k i 1 1 m y s 3 l f", Emergency},
		{"spanish phrase spelled out", "m e q u i e r o m o r i r", Emergency},
		{"word spelled out, not split", "o v e r d o s i n g", Emergency},
		{"spelled-out word before a word", "s u i c i d e is all i think about", Emergency},
		{"spelled-out word before myself", "going to k i l l myself", Emergency},
		// two or three single letters are joined only when they spell a
		// short emergency word, and mean what the whole word means
		{"die spelled out", "i want to d i e", Emergency},
		{"die dotted", "i want to d.i.e", Emergency},
		{"kys spelled out", "k y s", Emergency},
		{"kys dashed, then a word", "just k-y-s lol", Emergency},
		{"kms spelled out", "gonna k m s", Emergency},
		{"od spelled out", "i want to o d", Emergency},
		{"od dotted", "i might o.d tonight", Emergency},
		{"sh spelled out", "s h urges again", Emergency},
		{"short runs of other letters stay apart", "i a m tired, a b c, u r ok", None},
		{"o k", "o k see you", None},
		{"i d k", "i d k what to eat", None},
		{"r i p to my phone", "r i p to my phone", None},
		{"three letters that are no emergency word", "c o d liver oil", None},
		{"die inside a longer run", "trying a new d i e t", None},
		{"die alone is no statement", "d i e", None},
		// ordinary chat spelled out is split into words too, and stays what it is
		{"greeting spelled out", "g o o d m o r n i n g a l l", None},
		{"word spelled out", "t h e r a p i s t", None},
		{"short abbreviations are not split out of words", "anyone else get migraines before their p e r i o d", Peer},
		{"stretched", "i wannnnt to diiiiie", Emergency},
		{"misspelled", "feeling sucidal", Emergency},
		{"one edit", "thinking about suicdie", Emergency},
		{"algospeak", "sewerslide", Emergency},
		{"unalive", "i want to unalive myself", Emergency},
		{"typo red flag", "cant breath and my chest hurts", Emergency},
		// characters that look like two letters are read both ways
		{"palochka as l", "i want to kiӏӏ myself", Emergency},
		{"palochka as i", "thinking about suӏcӏde", Emergency},
		{"capital palochka", "KIӀӀ MYSELF", Emergency},
		{"capital I as l", "i want to kiII myself", Emergency},
		{"leet 1 as l", "i want to ki11 myself", Emergency},
		{"leet | as i", "thinking about su|c|de", Emergency},
		{"leet 1 as l in pills", "i took all my pi11s", Emergency},
		{"small capital q", "me ǫuiero morir", Emergency},
		{"identifiers with a 1 read once", "my a1c came back 7.1 and my t1d is behaving, FEV1 fine", Clinical},
	})
}

// TestTwoWayLetters: a message with a character that looks like two
// letters is classified the same way every time (it once depended on map
// order at start-up), and only such a message is read more than once.
func TestTwoWayLetters(t *testing.T) {
	for _, m := range []string{"i want to kiӏӏ myself", "thinking about suӏcӏde", "i want to ki11 myself", "thinking about su|c|de", "i want to kiII myself"} {
		for i := 0; i < 200; i++ {
			if d := Classify(m); d.Category != Emergency {
				t.Fatalf("run %d: Classify(%q) = %v, want emergency", i, m, d)
			}
		}
	}
	var buf [1024]byte
	for _, tc := range []struct {
		in   string
		alts reading
	}{
		{benchTypical, 0},
		{"my a1c came back 7.1, t1d since 2009, hba1c 6.5, FEV1 80%, 1st time", 0},
		{"I'm fine, iPhone app, all good", 0},
		{"kiӏӏ", readA | readB},
		{"ki11", readA | readB},
		{"myse1f", readA | readB},
		{"su|c|de", readA | readB},
		{"kiIl", readA | readB},
		{"k i l l m y s e l f", readSplit},
		{"s u i c i d e", 0},
		{"k i 1 1 m y s e l f", readSplit | readA | readB},
	} {
		if _, alts := normalizeBytes(buf[:0], nil, tc.in, 0); alts != tc.alts {
			t.Errorf("normalizeBytes(%q) gives cause for readings %b, want %b", tc.in, alts, tc.alts)
		}
	}
}

func TestMeansAndMethods(t *testing.T) {
	runCases(t, []caseSpec{
		{"pill count", "I took 30 pills", Emergency},
		{"pill count with filler", "i took like 20 of my gabapentin", Emergency},
		{"whole bottle", "I swallowed the whole bottle of tylenol", Emergency},
		{"mg", "I took 8000mg of paracetamol", Emergency},
		{"stockpile", "I have 800mg of oxy saved up", Emergency},
		{"too much insulin", "I injected way too much insulin", Emergency},
		{"overdose", "I think I overdosed", Emergency},
		{"od", "i think i od'd", Emergency},
		{"lethal dose", "what's a lethal dose of metoprolol", Emergency},
		{"habitual count is not an overdose", "I take 12 pills a day for my heart", None},
		{"ordinary dose", "took 2 ibuprofen for my headache", None},
		{"800mg alone is a normal dose", "took 800mg ibuprofen for my knee", None},
	})
}

func TestRedFlags(t *testing.T) {
	runCases(t, []caseSpec{
		{"chest pressure", "chest pressure and sweating", Emergency},
		{"arm", "pain going down my left arm", Emergency},
		{"stroke face", "face drooping on one side", Emergency},
		{"slurred", "my speech is slurred", Emergency},
		{"hypo mg/dl", "sugar is 38 and shaking", Emergency},
		{"hypo mmol", "bg 2.2 and confused", Emergency},
		{"hypo meter", "meter says LO", Emergency},
		{"hypo confused", "low and confused, cant think", Emergency},
		{"dka", "ketones high and vomiting", Emergency},
		{"fruity", "fruity breath and throwing up", Emergency},
		{"anaphylaxis", "throat closing after shrimp", Emergency},
		{"lips", "swelling lips after a bee sting", Emergency},
		{"cannot breathe", "I can't breathe", Emergency},
		{"blue lips", "lips are blue", Emergency},
		{"sats", "o2 is 84%", Emergency},
		{"seizure long", "seizure for 6 minutes", Emergency},
		{"unconscious", "he is unconscious", Emergency},
		{"mmol high number is not a hypo", "bg 15 after pizza, how much should I correct?", Clinical},
		{"ordinary number", "my sugar was 110 this morning", None},
	})
}

func TestClinicalAndPeer(t *testing.T) {
	runCases(t, []caseSpec{
		{"dose", "how much insulin should I take for 60g of carbs?", Clinical},
		{"double", "can I double my dose?", Clinical},
		{"interaction", "can I take ibuprofen with prednisone?", Clinical},
		{"result", "my A1C came back 9.2, what does that mean", Clinical},
		{"new symptom", "new rash since I started lamotrigine", Clinical},
		{"change", "should I stop my metformin?", Clinical},
		{"peer needle fatigue", "how do you all deal with needle fatigue?", Peer},
		{"peer tired", "anyone else get tired after infusions?", Peer},
		{"peer tips", "tips for traveling with a pump?", Peer},
		{"chit-chat", "thanks everyone!", None},
		{"news", "new study on CGMs out today", None},
		{"social question", "did anyone see the game last night?", None},
	})
}

// The acceptance check: these two lines classify emergency, then peer.
func TestAcceptanceLines(t *testing.T) {
	in := "I took 30 pills\nhow do you all deal with needle fatigue?\n"
	var got []Category
	sc := bufio.NewScanner(strings.NewReader(in))
	for sc.Scan() {
		got = append(got, Classify(sc.Text()).Category)
	}
	if want := []Category{Emergency, Peer}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

var reasonID = regexp.MustCompile(`^(emergency\.(selfharm|overdose|medical)\.[a-z_]+|emergency\.classifier_error|clinical\.(medical\.)?[a-z_]+|peer\.[a-z_]+)$`)

func TestReasons(t *testing.T) {
	d := Classify("I took 30 pills and I want to die, I wrote a goodbye letter. I want to die")
	if d.Category != Emergency {
		t.Fatalf("got %v", d)
	}
	if !slices.IsSorted(d.Reasons) || len(slices.Compact(slices.Clone(d.Reasons))) != len(d.Reasons) {
		t.Errorf("reasons not sorted and unique: %v", d.Reasons)
	}
	for _, want := range []string{"emergency.selfharm.behaviour", "emergency.selfharm.thoughts", "emergency.selfharm.preparation"} {
		if !slices.Contains(d.Reasons, want) {
			t.Errorf("reasons %v lack %s", d.Reasons, want)
		}
	}
	if d := Classify("good morning everyone"); d.Reasons == nil || len(d.Reasons) != 0 {
		t.Errorf("none should have empty non-nil reasons, got %#v", d.Reasons)
	}
	for _, id := range RuleIDs() {
		if !reasonID.MatchString(id) {
			t.Errorf("rule ID %q does not follow the scheme", id)
		}
	}
}

func TestCategory(t *testing.T) {
	if !(None < Peer && Peer < Clinical && Clinical < Emergency) {
		t.Fatal("categories must be ordered by severity")
	}
	for c := None; c <= Emergency; c++ {
		p, err := ParseCategory(c.String())
		if err != nil || p != c {
			t.Errorf("ParseCategory(%q) = %v, %v", c.String(), p, err)
		}
		b, err := json.Marshal(c)
		if err != nil || string(b) != `"`+c.String()+`"` {
			t.Errorf("json.Marshal(%v) = %s, %v", c, b, err)
		}
		var back Category
		if err := json.Unmarshal(b, &back); err != nil || back != c {
			t.Errorf("json round trip of %v = %v, %v", c, back, err)
		}
	}
	if p, err := ParseCategory(" Emergency "); err != nil || p != Emergency {
		t.Errorf("ParseCategory should ignore case and space: %v %v", p, err)
	}
	if _, err := ParseCategory("urgent"); err == nil {
		t.Error("ParseCategory accepted an unknown name")
	}
	if _, err := json.Marshal(Category(9)); err == nil {
		t.Error("marshalling an invalid category should fail")
	}
	if s := Category(9).String(); s != "Category(9)" {
		t.Errorf("String of invalid category = %q", s)
	}
	b, _ := json.Marshal(Classify("I took 30 pills"))
	if string(b) != `{"category":"emergency","reasons":["emergency.selfharm.behaviour"]}` {
		t.Errorf("Decision JSON = %s", b)
	}
	b, _ = json.Marshal(Classify("good morning"))
	if string(b) != `{"category":"none","reasons":[]}` {
		t.Errorf("Decision JSON = %s", b)
	}
}

// Classify reads only immutable package state, so it is safe to call from
// many goroutines; go test -race checks this.
func TestConcurrent(t *testing.T) {
	msgs := []string{"I took 30 pills", "how do you all deal with needle fatigue?", "my A1C came back 9.2", "hello", "me quiero morir"}
	want := make([]Decision, len(msgs))
	for i, m := range msgs {
		want[i] = Classify(m)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 50; r++ {
				for i, m := range msgs {
					if d := Classify(m); d.Category != want[i].Category || !slices.Equal(d.Reasons, want[i].Reasons) {
						t.Errorf("concurrent Classify(%q) = %v, want %v", m, d, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"killmyself", "kill myself"},
		{"iwanttodie", "i want to die"},
		{"endmylife", "end my life"},
		{"quieromorir", "quiero morir"},
		{"suicide", ""},       // a word the rules know: not split
		{"period", ""},        // not "per i od": "od" is not a short word splitWords uses
		{"xkillmyself", ""},   // every letter must be part of a word
		{"helloeveryone", ""}, // "hello" is no word of the rules
	} {
		var ends [maxSplit]uint8
		n := eng.lex.splitWords([]byte(tc.in), &ends)
		var words []string
		from := 0
		for _, e := range ends[:n] {
			words = append(words, tc.in[from:e])
			from = int(e)
		}
		if got := strings.Join(words, " "); got != tc.want {
			t.Errorf("splitWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
