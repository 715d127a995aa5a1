// Package chatui is qbiz's interactive terminal chat: a bubbletea model
// that streams answers in, numbers their citations, lists sources (as OSC 8
// hyperlinks where the terminal supports them), records feedback, starts
// and resumes conversations, and lets Ctrl-C cancel the answer in flight
// without leaving the session. Everything the model shows from the service
// is stripped of terminal control sequences first.
package chatui
