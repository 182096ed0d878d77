package rules

// All is the rule base in evaluation order (order only breaks ties).
func All() []*Rule {
	return []*Rule{
		JNAClosure,
	}
}
