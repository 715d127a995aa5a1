// Package mcpserver is qbiz's Model Context Protocol server: it lets an AI
// assistant or IDE ask Amazon Q Business as the signed-in user of one
// profile, over stdio. Its tools are ask (a chat turn, continuing a
// conversation when given its id, with the cited sources), search (the
// user's readable documents that match a query), conversations (the user's
// conversations) and whoami (who the profile is signed in as).
//
// The server never signs anyone in: each tool call opens the profile's
// cached sign-in, and when a person has to sign in again the call's result
// is an error that says which command to run.
package mcpserver
