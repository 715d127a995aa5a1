package corpus

const acmeWiki = "https://wiki.example.com/acme/"

var acmePages = []page{
	{id: "acme-project-plan", title: "ACME Project Plan", path: acmeWiki + "project-plan", acl: acmeACL, day: 1, content: `The ACME project replaces the legacy order-tracking system used by the Northwind warehouses with a cloud service.
ACME is sponsored by Priya Raman, VP of Operations, and run by Mary Major as project lead.
The ACME plan has four phases: discovery, build, pilot and rollout.
Discovery finished in January 2025 with 42 interviews across three warehouses.
The ACME build phase runs from February to June 2025 in two-week sprints.
The ACME pilot covers the Reno warehouse before the national rollout.`},
	{id: "acme-budget", title: "ACME Project Budget", path: acmeWiki + "budget", acl: acmeACL, day: 2, content: `The approved ACME project budget is $2.4 million for fiscal year 2025.
Engineering salaries account for $1.5 million of the ACME budget.
Cloud infrastructure for ACME is budgeted at $380,000, including the pilot environment.
The ACME contingency reserve is $220,000 and needs sponsor approval to spend.
Spending on ACME stood at $910,000 at the end of April 2025, on plan.`},
	{id: "acme-milestones", title: "ACME Milestones", path: acmeWiki + "milestones", acl: acmeACL, day: 3, content: `ACME milestone M1, design sign-off, was reached on February 14, 2025.
ACME milestone M2, feature complete, is due on May 30, 2025.
ACME milestone M3, Reno pilot go-live, is scheduled for July 7, 2025.
ACME milestone M4, national rollout complete, is planned for October 31, 2025.`},
	{id: "acme-risks", title: "ACME Risk Register", path: acmeWiki + "risks", acl: acmeACL, day: 4, content: `The top ACME risk is the data migration from the legacy Oracle database, rated high.
A second ACME risk is the dependency on the Globex barcode scanner firmware update.
Warehouse staff training for ACME could slip if the pilot starts during peak season.
Each ACME risk has an owner and is reviewed every Tuesday at the ACME steering meeting.`},
	{id: "acme-team", title: "ACME Team", path: acmeWiki + "team", acl: acmeACL, day: 5, content: `The ACME team is led by Mary Major, project lead.
Carlos Salazar is the ACME tech lead and owns the architecture.
Wei Zhang and Nikki Wolf are the ACME backend engineers.
Jane Doe is the ACME product designer, and Arnav Desai is the ACME QA engineer.
The ACME team sits on the fourth floor of the Seattle office.`},
	{id: "acme-architecture", title: "ACME Architecture Overview", path: acmeWiki + "architecture", acl: acmeACL, day: 6, content: `ACME is built as a set of Go services running on Amazon ECS with Fargate.
ACME stores orders in Amazon Aurora PostgreSQL and events in Amazon Kinesis.
The ACME scanner gateway talks to handheld devices over MQTT through AWS IoT Core.
ACME authenticates warehouse staff with the corporate identity provider through OpenID Connect.`},
	{id: "acme-launch", title: "ACME Launch Plan", path: acmeWiki + "launch", acl: acmeACL, day: 7, content: `The ACME launch date is September 15, 2025, for all US warehouses.
ACME launch readiness is reviewed at a go/no-go meeting on September 8, 2025.
The ACME launch communications are owned by the operations communications group.
Rollback to the legacy ACME predecessor stays possible for 30 days after launch.`},
	{id: "acme-vendor", title: "ACME Vendor Contracts", path: acmeWiki + "vendors", acl: acmeACL, day: 8, content: `The main ACME vendor is Globex Corporation, which supplies the barcode scanners.
The Globex contract for ACME is worth $310,000 and runs until December 2026.
ACME uses Initech for the data migration tooling under a fixed-price statement of work.
ACME vendor invoices are approved by Mary Major up to $50,000.`},
	{id: "acme-status", title: "ACME Weekly Status Report", path: acmeWiki + "status", acl: acmeACL, day: 30, content: `ACME status for the week of April 28, 2025 is green overall.
The ACME order API passed its load test at 1,200 requests per second.
The ACME migration dry run moved 95 percent of historical orders without errors.
Next week the ACME team starts the scanner gateway integration tests.`},
	{id: "acme-security", title: "ACME Security Review", path: acmeWiki + "security-review", acl: acmeACL, day: 20, content: `The ACME security review was completed on March 20, 2025 with two medium findings.
ACME must encrypt scanner traffic with TLS 1.2 or later before the pilot.
ACME service roles must follow least privilege, reviewed by the cloud security group.`},
	{id: "acme-faq", title: "ACME FAQ", path: acmeWiki + "faq", acl: acmeACL, day: 21, content: `ACME is the internal code name for the new order-tracking service.
Questions about ACME go to the #acme-project channel.
The ACME demo environment is at https://acme-demo.example.com and resets nightly.`},
	{id: "acme-hr", title: "ACME Staffing and Compensation", path: acmeWiki + "staffing", acl: acmeHRACL, day: 22, content: `ACME contractors are paid from the ACME engineering line at a blended rate of $140 per hour.
Two ACME engineering positions remain open and are expected to be filled by June 2025.
ACME retention bonuses of 10 percent are paid after the national rollout.`},
	{id: "acme-finance-forecast", title: "ACME Finance Forecast", path: acmeWiki + "finance-forecast", acl: acmeFinanceACL, day: 23, content: `The ACME finance forecast expects a 6 percent overrun on cloud infrastructure.
ACME savings from retiring the legacy system are forecast at $1.1 million per year from 2026.`},
	{id: "acme-steering-notes", title: "ACME Steering Committee Notes", path: acmeWiki + "steering-notes", acl: acmeACL, day: 31, content: `The ACME steering committee met on April 29, 2025 and approved moving the pilot forward by one week.
The committee asked the ACME leads for a staffing plan for the national rollout.
The next ACME steering committee meeting is on May 27, 2025.`},
}
