package triage_test

import (
	"fmt"

	"github.com/peerhours/peerhours/bot/triage"
)

func ExampleClassify() {
	d := triage.Classify("I took 30 pills")
	fmt.Println(d.Category, d.Reasons)
	// Output: emergency [emergency.selfharm.behaviour]
}

func ExampleClassifyInContext() {
	earlier := []string{"nothing helps anymore", "I've saved up my pills"}
	fmt.Println(triage.Classify("ok. tonight then").Category)
	fmt.Println(triage.ClassifyInContext("ok. tonight then", earlier))
	// Output:
	// none
	// {emergency [emergency.selfharm.context]}
}
