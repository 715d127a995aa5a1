package chatui

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qbiz/qbiz/internal/qchat"
)

// Backend is the conversation API the chat needs.
type Backend interface {
	Stream(ctx context.Context, q qchat.Question, onText func(string)) (*qchat.Answer, error)
	Conversations(ctx context.Context, limit int) ([]qchat.Conversation, error)
	Resume(ctx context.Context, conversationID string) (qchat.Thread, []qchat.Message, error)
	PutFeedback(ctx context.Context, conversationID, messageID string, fb qchat.Feedback) error
}

// Options configure a chat.
type Options struct {
	// Thread and History continue a conversation (from --conversation).
	Thread  qchat.Thread
	History []qchat.Message
	Mode    types.ChatMode
	// Attachments go with the first question.
	Attachments []types.AttachmentInput
	Hyperlinks  bool
	// Profile and User say whose chat this is, in the header.
	Profile, User string
}

type state int

const (
	idle      state = iota
	waiting         // an answer is streaming in
	picking         // choosing a conversation to resume
	reasoning       // choosing why an answer was not useful
)

// Model is the chat's bubbletea model.
type Model struct {
	ctx     context.Context
	backend Backend
	opts    Options
	thread  qchat.Thread
	state   state
	input   []rune
	// the answer in flight
	turn     int
	question string
	partial  strings.Builder
	cancel   context.CancelFunc
	// cancelled is the turn Ctrl-C cancelled.
	cancelled int
	// last finished answer, the target of feedback, and its number
	last     *qchat.Answer
	lastN    int
	answered int
	convs    []qchat.Conversation
	cursor   int
	status   string
	frame    int
	width    int // of the terminal; 0 until known
	// printed is everything printed above the prompt, for tests and the transcript.
	printed []string
}

// New returns the model; ctx bounds every call it makes.
func New(ctx context.Context, b Backend, o Options) *Model {
	return &Model{ctx: ctx, backend: b, opts: o, thread: o.Thread}
}

// Init prints the resumed history, if any.
func (m *Model) Init() tea.Cmd {
	if len(m.opts.History) == 0 {
		return m.print("Ask a question. " + helpLine)
	}
	return m.printHistory(m.opts.History)
}

// Thread is the conversation the next question continues.
func (m *Model) Thread() qchat.Thread { return m.thread }

// Printed returns what the model has printed above the prompt.
func (m *Model) Printed() string { return strings.Join(m.printed, "\n") }

func (m *Model) print(s string) tea.Cmd {
	m.printed = append(m.printed, s)
	return tea.Println(s)
}

func (m *Model) printHistory(msgs []qchat.Message) tea.Cmd {
	var b strings.Builder
	for _, msg := range msgs {
		if msg.IsSystem() {
			b.WriteString(answerBlock(&qchat.Answer{Text: msg.Body, Sources: msg.Sources}, m.opts.Hyperlinks) + "\n\n")
		} else {
			b.WriteString("> " + Sanitize(msg.Body) + "\n")
		}
	}
	return m.print(strings.TrimRight(b.String(), "\n"))
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.key(msg)
	case chunkMsg:
		return m, m.chunk(msg)
	case doneMsg:
		return m, m.done(msg)
	case tickMsg:
		return m, m.tick(msg)
	case conversationsMsg:
		return m, m.listed(msg)
	case resumedMsg:
		return m, m.resumed(msg)
	case feedbackMsg:
		return m, m.feedbackDone(msg)
	case NoticeMsg:
		return m, m.print("(" + Sanitize(string(msg)) + ")")
	case tea.WindowSizeMsg:
		m.width = msg.Width
	}
	return m, nil
}

// NoticeMsg is a message for the person from the client (subscription
// retries, restarted conversations).
type NoticeMsg string
