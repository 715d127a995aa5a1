package qchat

// Thread is the state that continues one conversation: each answer's
// system message becomes the parent of the next question.
type Thread struct {
	ConversationID  string `json:"conversationId"`
	ParentMessageID string `json:"parentMessageId"`
}

// Question returns the next question of the thread.
func (t Thread) Question(text string) Question {
	return Question{Text: text, ConversationID: t.ConversationID, ParentMessageID: t.ParentMessageID}
}

// Follow moves the thread past a.
func (t *Thread) Follow(a *Answer) {
	t.ConversationID, t.ParentMessageID = a.ConversationID, a.SystemMessageID
}
