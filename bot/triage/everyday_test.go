package triage

import "testing"

// TestEverydayChat: most of what a peer channel carries is ordinary talk,
// and a crisis reply to "my sugar was 110 this morning" would teach people
// to ignore the bot. The whole classifier, learned layer included, must
// raise no emergency on these everyday messages, written for this test
// (and not in any training file).
func TestEverydayChat(t *testing.T) {
	for _, text := range []string{
		"good morning everyone",
		"thanks all!",
		"hello",
		"lol same",
		"my sugar was 110 this morning",
		"took 2 ibuprofen for my headache",
		"I take 12 pills a day for my heart",
		"took all my morning meds on time today",
		"💊 time!",
		"cooking dinner tonight 🔪🥕",
		"shaving my legs in the bath with a new razor",
		"I laid out all my meds for the week in the organizer",
		"this will be my last message before my vacation, see you all in 2 weeks",
		"I won't bother you again with my insulin questions, thanks for the help!",
		"talked to my endo, now I have a plan",
		"I did something stupid and burned dinner lol",
		"no point fighting with insurance, they always win",
		"what's the easiest way to count carbs?",
		"is there a painless way to do finger pricks?",
		"I can't wake up in the mornings on this med",
		"r i p to my phone",
		"i d k what to eat",
		"c o d liver oil",
		"my a1c came back 7.1 and my t1d is behaving, FEV1 fine",
		"{not json, just a brace}",
		"anyone watching the match tonight?",
		"finally got my new pump set up, so far so good",
		"the pharmacy queue took forever today",
		"does anyone have a good recipe for low carb bread?",
		"sats 97% after my walk, feeling good",
		"my cat sleeps on my inhaler case every night",
		"happy birthday to our mod!!",
		"that exam killed me but I passed 😅",
		"logging off for the night, see you tomorrow",
		"new job starts monday, nervous but excited",
		"anyone else get sleepy after lunch on metformin?",
	} {
		if d := Classify(text); d.Category == Emergency {
			t.Errorf("Classify(%q) = emergency %v", text, d.Reasons)
		}
	}
}
