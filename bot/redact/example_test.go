package redact_test

import (
	"fmt"

	"github.com/peerhours/peerhours/bot/redact"
)

func Example() {
	r := redact.New([]redact.Member{
		{ID: "111", Username: "maria_lopez85", GlobalName: "Maria Lopez"},
		{ID: "222", Username: "jtinsulin", GlobalName: "James Turner", Nick: "JT"},
	})
	fmt.Println(r.Redact("Maria's A1C 7.2 — text her at 555-234-5678 or maria.lopez85@gmail.com"))

	p := r.NewPseudonymizer("222", "111") // the summary's authors, in order of first message
	fmt.Println(p.RedactMessage("222", "thanks <@111>, Maria was right: 20 units at 18:00"))
	fmt.Println(p.RedactMessage("111", "np JT! ask Dr. Okonkwo, she's great"))
	// Output:
	// [name]'s A1C 7.2 — text her at [phone] or [email]
	// thanks Member B, Member B was right: 20 units at 18:00
	// np Member A! ask Dr. Person 1, she's great
}
