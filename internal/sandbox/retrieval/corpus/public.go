package corpus

const intranet = "https://intranet.example.com/policies/"

var publicPages = []page{
	{id: "public-holiday-policy", title: "Company Holiday Policy", path: intranet + "holidays", day: 0, content: `Example Corp observes eleven paid public holidays per year in the United States.
The holiday calendar is published every December for the following year.
Employees who work on a public holiday receive a replacement day off within 60 days.
Floating holidays: each employee has two floating holidays to use for personal or cultural observances.`},
	{id: "public-expense-policy", title: "Expense Policy", path: intranet + "expenses", day: 0, content: `Expenses must be submitted in the expense tool within 30 days of purchase.
Meals while travelling are reimbursed up to $75 per day.
Receipts are required for every expense above $25.
Alcohol is not reimbursable except at approved client events.`},
	{id: "public-office-locations", title: "Office Locations", path: intranet + "offices", day: 0, content: `Example Corp has offices in Seattle, Toronto, Dublin and Singapore.
The Seattle headquarters is at 410 Terry Avenue North.
The Toronto office is at 100 King Street West and opens at 8 am.
Visitors must sign in at reception and wear a visitor badge.`},
	{id: "public-travel-policy", title: "Travel Policy", path: intranet + "travel", day: 0, content: `Book flights and hotels through the corporate travel portal.
Economy class is required for flights under six hours.
International travel needs manager approval two weeks in advance.`},
	{id: "public-remote-work", title: "Remote Work Policy", path: intranet + "remote-work", day: 0, content: `Employees may work remotely up to three days a week with manager agreement.
Remote employees receive a one-time home office stipend of $500.
Core collaboration hours are 10 am to 3 pm in the employee's local time zone.`},
	{id: "public-it-helpdesk", title: "IT Help Desk", path: intranet + "it-help", day: 0, content: `The IT help desk is open 24 hours a day at extension 4357.
Password resets can be done at https://password.example.com without calling the help desk.
Lost or stolen laptops must be reported to the help desk within one hour.`},
	{id: "public-code-of-conduct", title: "Code of Conduct", path: intranet + "code-of-conduct", day: 0, content: `Example Corp expects every employee to act with integrity and respect.
Report concerns to the ethics hotline, anonymously if you prefer.
Retaliation against anyone who reports a concern in good faith is prohibited.`},
	{id: "public-benefits", title: "Employee Benefits", path: intranet + "benefits", day: 0, content: `Health insurance starts on the first day of employment.
Example Corp matches 401(k) contributions up to 5 percent of salary.
Employees get 20 days of paid vacation per year, rising to 25 after five years.`},
	{id: "public-parental-leave", title: "Parental Leave Policy", path: intranet + "parental-leave", day: 0, content: `Birth parents receive 20 weeks of fully paid parental leave.
Non-birth parents receive 12 weeks of fully paid parental leave.
Parental leave can be taken within the first year after birth or adoption.`},
	{id: "public-security-awareness", title: "Security Awareness", path: intranet + "security-awareness", day: 0, content: `Never share your password or one-time codes with anyone, including IT staff.
Report phishing emails with the Report Phish button in your mail client.
Lock your screen whenever you leave your desk.`},
}
