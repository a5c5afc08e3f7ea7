package redact

import (
	"testing"
)

var testMembers = []Member{
	{ID: "111", Username: "maria_lopez85", GlobalName: "Maria Lopez", Nick: "Mari"},
	{ID: "222", Username: "jtinsulin", GlobalName: "James Turner", Nick: "JT"},
	{ID: "333", Username: "hoperivera", GlobalName: "Hope Rivera"},
	{ID: "444", Username: "wheezy_will", GlobalName: "Will"},
	{ID: "555", Username: "k.oconnor", GlobalName: "Kate O'Connor"},
	{ID: "666", Username: "sugar", GlobalName: "Sugar Free"},
	{ID: "777", Username: "zoe.pump", GlobalName: "Zoë"},
}

type redactCase struct{ in, want string }

func runCases(t *testing.T, cases []redactCase) {
	t.Helper()
	r := New(testMembers)
	for _, c := range cases {
		if got := r.Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got  %q\n want %q", c.in, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	runCases(t, []redactCase{
		{"thanks Maria!", "thanks [name]!"},
		{"MARIA you legend", "[name] you legend"},
		{"maria said so", "[name] said so"},
		{"Maria's tip helped", "[name]'s tip helped"},
		{"María’s tip helped", "[name]’s tip helped"},
		{"ask Maria Lopez", "ask [name]"},
		{"Mari and JT", "[name] and [name]"},
		{"jt did it", "[name] did it"},
		{"@maria_lopez85 hi", "[name] hi"},
		{"maria_lopez85 wrote", "[name] wrote"},
		{"@someone_else hi", "[name] hi"},
		{"@everyone and @here stay", "@everyone and @here stay"},
		{"Kate O'Connor and KateOConnor", "[name] and [name]"},
		{"old tag maria#4821", "old tag [name]"},
		{"Zoe and Zoë", "[name] and [name]"},
		// Lopez alone is a part of a display name: still a name
		{"Lopez family", "[name] family"},
		// weak names: everyday words match only when written as a name
		{"I hope you are well", "I hope you are well"},
		{"Hope you are well", "Hope you are well"},
		{"ask Hope about it", "ask [name] about it"},
		{"Hope said it helped", "[name] said it helped"},
		{"Hope, are you ok?", "[name], are you ok?"},
		{"Will power is not the issue", "Will power is not the issue"},
		{"Will mentioned the spacer", "[name] mentioned the spacer"},
		{"if Will calls", "if [name] calls"},
		{"I will call", "I will call"},
		{"wheezy_will posted", "[name] posted"},
		{"my chest is wheezy", "my chest is wheezy"},
		{"sugar free syrup", "sugar free syrup"},
		{"ask @sugar", "ask [name]"},
		{"Sugar Free posted it", "[name] posted it"},
		{"I HOPE SO", "I HOPE SO"},
		// mentions
		{"hey <@111> and <@!222>", "hey [name] and [name]"},
		{"hey <@999>", "hey [name]"},
		{"in <#123456> ping <@&987>", "in [channel] ping [role]"},
		{"nice <:party:123456789012345678> <a:wave:123456789012345678>", "nice <:party:123456789012345678> <a:wave:123456789012345678>"},
		{"use </summarize:123456789012345678>", "use </summarize:123456789012345678>"},
		{"at <t:1700000000:F>", "at [date]"},
		// people who are not members, found by a cue
		{"Dr. Okonkwo doubled it", "Dr. [name] doubled it"},
		{"dr patel said", "dr [name] said"},
		{"my son Jake has T1D", "my son [name] has T1D"},
		{"my wife Sarah Jones helps", "my wife [name] helps"},
		{"I'm Gabriela, new here", "I'm [name], new here"},
		{"I'm Tired of this", "I'm Tired of this"},
		{"my name is yusuf", "my name is [name]"},
		{"MS fatigue is real", "MS fatigue is real"},
		{"the Doctor said", "the Doctor said"},
	})
}

func TestEmails(t *testing.T) {
	runCases(t, []redactCase{
		{"mail maria.lopez85@gmail.com now", "mail [email] now"},
		{"(jt+insulin@outlook.co.uk)", "([email])"},
		{"ping me at ben.adler@icloud.com.", "ping me at [email]."},
		{"<elena.morales@uni-heidelberg.de>", "<[email]>"},
		{"zoë.pump@example.de", "[email]"},
		{"UPPER@EXAMPLE.COM", "[email]"},
		{"priya dot nair at gmail dot com", "[email]"},
		{"sam(at)okafor(dot)net", "[email]"},
		{"meet us at discord.gg/x", "meet us at [url]"},
		{"an @ sign alone", "an @ sign alone"},
		{"user@localhost is not an email", "user@localhost is not an email"},
	})
}

func TestPhones(t *testing.T) {
	runCases(t, []redactCase{
		{"call (555) 123-4567", "call [phone]"},
		{"555-234-5678", "[phone]"},
		{"555.345.6789", "[phone]"},
		{"cell: 555 456 7890", "cell: [phone]"},
		{"+1 555 567 8901", "[phone]"},
		{"+1-555-678-9012", "[phone]"},
		{"1-800-555-0199", "[phone]"},
		{"my cell is 5557890123", "my cell is [phone]"},
		{"call 555-0147", "call [phone]"},
		{"+1 (555) 890-1234", "[phone]"},
		{"+44 20 7946 0958", "[phone]"},
		{"+44 (0)20 7946 0777", "[phone]"},
		{"07700 900123", "[phone]"},
		{"0044 20 7946 0999", "[phone]"},
		{"+49 30 12345678", "[phone]"},
		{"030/1234567", "[phone]"},
		{"+34 612 34 56 78", "[phone]"},
		{"612 34 56 78", "[phone]"},
		{"+33 1 23 45 67 89", "[phone]"},
		{"06 12 34 56 78", "[phone]"},
		{"+91 98765 43210", "[phone]"},
		{"+447700900123", "[phone]"},
		{"555-123-4567 ext. 204", "[phone]"},
		{"call 555-123-4567 x204", "call [phone]"},
		// not phones
		{"call 988", "call 988"},
		{"readings 120 135 150 165", "readings 120 135 150 165"},
		{"glucose 110 125 140", "glucose 110 125 140"},
		{"BP 120/80, pulse 72", "BP 120/80, pulse 72"},
		{"10,000 steps", "10,000 steps"},
		{"at 18:00", "at 18:00"},
		{"from 10-12 units", "from 10-12 units"},
		{"4000 6000 8000 steps", "4000 6000 8000 steps"},
	})
}

func TestAddresses(t *testing.T) {
	runCases(t, []redactCase{
		{"I live at 123 Main St so", "I live at [address] so"},
		{"45 Elm Street Apt 4B", "[address]"},
		{"45 elm street", "[address]"},
		{"742 Evergreen Terrace, Springfield, OR 97403", "[address]"},
		{"88 Queen's Road", "[address]"},
		{"1600 Pennsylvania Ave NW", "[address]"},
		{"18 Maple Ave. the blue door", "[address] the blue door"},
		{"I'm at 10 Downing St. Then home.", "I'm at [address]. Then home."},
		{"77 Sunset Blvd #5", "[address]"},
		{"Calle Mayor 12", "[address]"},
		{"C/ Alcalá 45, 3º B", "[address]"},
		{"Avenida de la Constitución 5", "[address]"},
		{"12 rue de la Paix", "[address]"},
		{"Via Roma 10", "[address]"},
		{"Hauptstraße 5", "[address]"},
		{"Berliner Straße 12", "[address]"},
		{"Kerkstraat 12", "[address]"},
		{"Friedrichstraße 43, 10117 Berlin", "[address]"},
		{"PO Box 4471", "[address]"},
		{"P.O. Box 1209", "[address]"},
		{"postcode SW1A 1AA", "postcode [address]"},
		{"we're on Willow Court", "we're on [address]"},
		// not addresses
		{"a 2 hour drive", "a 2 hour drive"},
		{"took 4 units on the way to work", "took 4 units on the way to work"},
		{"walked 3 blocks down the road", "walked 3 blocks down the road"},
		{"B12 5MG daily", "B12 5MG daily"},
		{"sent via email", "sent via email"},
		{"Boring 3 weeks", "Boring 3 weeks"},
	})
}

func TestDates(t *testing.T) {
	runCases(t, []redactCase{
		{"born 3/14/1985", "born [date]"},
		{"DOB 1985-03-14", "DOB [date]"},
		{"my birthday is March 14th!", "my birthday is [date]!"},
		{"date of birth: 14.03.1985", "date of birth: [date]"},
		{"D.O.B. 11/23/1990", "D.O.B. [date]"},
		{"born in 1972 and", "born in [date] and"},
		{"born 1979, T1D since 1990", "born [date], T1D since 1990"},
		{"bday is 7/4 lol", "bday is [date] lol"},
		{"the 14th of March is my birthday", "the [date] is my birthday"},
		{"nací el 3 de marzo de 1990", "nací el [date]"},
		{"geboren am 14. März 1985", "geboren am [date]"},
		{"I was admitted on Feb 3rd", "I was admitted on [date]"},
		{"my surgery is on 12/01/2023", "my surgery is on [date]"},
		{"Tim was born on Halloween 1999", "[name] was born on [date]"},
		// dates not tied to a person
		{"my appointment is next Monday", "my appointment is next Monday"},
		{"World Diabetes Day is November 14", "World Diabetes Day is November 14"},
		{"been T1D since 2004", "been T1D since 2004"},
		{"in March my numbers improved", "in March my numbers improved"},
		{"you may 2x it", "you may 2x it"},
		{"I'm on 1/2 tab", "I'm on 1/2 tab"},
		{"at 18:00 on Thursdays", "at 18:00 on Thursdays"},
	})
}

func TestIDs(t *testing.T) {
	runCases(t, []redactCase{
		{"MRN 00482913", "MRN [id]"},
		{"member ID: XJ4-88213", "member ID: [id]"},
		{"policy #A1234567", "policy #[id]"},
		{"SSN 123-45-6789", "SSN [id]"},
		{"it was 123-45-6789", "it was [id]"},
		{"NHS number 943 476 5919", "NHS number [id]"},
		{"my NHS no. is 485 777 3456", "my NHS no. is [id]"},
		{"group number 88213", "group number [id]"},
		{"claim # 2024-0098123", "claim # [id]"},
		{"Medicare number 1EG4-TE5-MK73", "Medicare number [id]"},
		{"DNI 12345678Z", "DNI [id]"},
		{"insurance ID W123456789", "insurance ID [id]"},
		{"card 4111 1111 1111 1111", "card [id]"},
		{"user 873201946550001001", "user [id]"},
		// not IDs
		{"A1C 7.2, HbA1c 48", "A1C 7.2, HbA1c 48"},
		{"COVID-19 and mRNA-1273", "COVID-19 and mRNA-1273"},
		{"100000 IU once", "100000 IU once"},
		{"100000IU once", "100000IU once"},
		{"ICD E11.9", "ICD E11.9"},
		{"my ID card is lost", "my ID card is lost"},
	})
}

func TestURLs(t *testing.T) {
	runCases(t, []redactCase{
		{"join discord.gg/diabetespeers", "join [url]"},
		{"https://discord.com/invite/Xy7ab9", "[url]"},
		{"see example.com/path.", "see [url]."},
		{"(https://en.wikipedia.org/wiki/Asthma_(disease))", "([url])"},
		{"www.instagram.com/pumpgirl", "[url]"},
		{"go to mysugr.com and", "go to [url] and"},
		{"t.me/danielk", "[url]"},
		{"<https://example.org/a>", "<[url]>"},
		{"HTTPS://WWW.EXAMPLE.COM/X", "[url]"},
		{"http://192.168.1.20:1337", "[url]"},
		// not URLs
		{"I was done.it hurts", "I was done.it hurts"},
		{"report.pdf and scan.jpg", "report.pdf and scan.jpg"},
		{"2.5mg and 7.2", "2.5mg and 7.2"},
		{"e.g. this", "e.g. this"},
		{"mg/dL", "mg/dL"},
	})
}

func TestMedicalQuantitiesSurvive(t *testing.T) {
	r := New(testMembers)
	for _, s := range []string{
		"A1C 7.2", "took 20 units", "blood sugar 45 mg/dL", "800mg", "2.2 mmol", "at 18:00",
		"3 times a day", "1-2 puffs every 4-6 hours", "eGFR 58 mL/min/1.73m²", "BP 145/95",
		"Lantus 24u at night", "ratio 1:10", "50,000 IU weekly", "FEV1 2.1 L (68% predicted)",
		"T1D for 25 years", "PM2.5 was bad", "the 15-15 rule", "INR 2.5 on warfarin 5mg",
	} {
		if got := r.Redact(s); got != s {
			t.Errorf("Redact(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestFindSpans(t *testing.T) {
	r := New(testMembers)
	text := "hi <@111>, mail me at a@b.com"
	got := r.Find(text)
	want := []Span{{Start: 3, End: 9, Kind: KindName, UserID: "111"}, {Start: 22, End: 29, Kind: KindEmail}}
	if len(got) != len(want) {
		t.Fatalf("Find = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestRedactEmptyAndNil(t *testing.T) {
	r := New(nil)
	for _, s := range []string{"", " ", "\n", "hello", "@", "<@>", "<#", "+", "((()))"} {
		if got := r.Redact(s); got != s {
			t.Errorf("Redact(%q) = %q", s, got)
		}
	}
}
