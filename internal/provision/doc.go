// Package provision creates, checks and removes the AWS resources a Q
// Business application needs (IAM federation or Identity Center),
// declaratively: each resource kind knows how to look itself up by a
// deterministic name, how to create, update and delete itself, and what it
// depends on. Plan compares what exists with what is wanted and changes
// nothing; Apply walks the resources in dependency order, looking each up
// before it creates it, so a second run changes nothing and an interrupted
// run resumes; Destroy removes, in reverse order, only what carries the
// qbiz:managed tag of the stack's prefix.
package provision
