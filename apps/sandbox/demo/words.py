"""Word lists for generated schools: names, companies, course topics. Small on purpose."""


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
Aaliyah Aarav Abigail Adam Adrian Aisha Alejandro Alex Alice Amara Amelia Ana Andrea Andrew
Angela Anna Antonio Arjun Aria Astrid Ava Beatriz Benjamin Bianca Caleb Camila Carlos Caroline
Charlotte Chen Chloe Chris Clara Daniel David Diego Dmitri Elena Elijah Elif Eliza Emily Emma
Ethan Eva Fatima Felix Fernando Finn Freya Gabriel Grace Hana Hannah Harper Hassan Henry Hiroshi
Hugo Ibrahim Ines Isabella Ivan Jack Jacob James Jasmine Javier Jia Joao John Jonas Jose Julia
Kai Kamala Karim Kate Kenji Laila Lars Laura Leah Leo Liam Lily Lina Lucas Lucia Luis Maya Mei
Mia Michael Miguel Mila Mohammed Nadia Naomi Nathan Nia Noah Nora Olivia Omar Oscar Paula Pedro
Priya Rafael Rahul Rania Ravi Rebecca Rosa Ryan Saanvi Samuel Sara Sebastian Sofia Sophie Tariq
Thomas Tomas Valentina Victor Wei William Yara Yusuf Zara Zoe
""")

LAST_NAMES = _words("""
Abe Adams Ahmed Ali Alvarez Andersen Anderson Bailey Baker Bauer Becker Bell Bennett Brown
Campbell Carter Castillo Chen Clark Collins Cruz Das Davies Diaz Dubois Edwards Evans Fischer
Flores Garcia Gomez Gonzalez Green Gupta Hall Hansen Harris Hernandez Hill Hoffmann Hughes Ito
Jackson Jansen Johansson Johnson Jones Kapoor Kaur Khan Kim King Klein Kowalski Kumar Larsen Lee
Lewis Lopez Martin Martinez Meyer Miller Mitchell Moore Morales Moreau Morris Murphy Nakamura
Nguyen Nielsen Novak Okafor Olsen Ortiz Park Patel Perez Petrov Phillips Ramirez Reddy Reyes
Richter Rivera Roberts Robinson Rodriguez Rossi Russo Sanchez Santos Sato Schmidt Schneider Scott
Shah Silva Singh Smith Suzuki Tanaka Taylor Thomas Thompson Torres Turner Walker Wang Weber White
Williams Wilson Wong Wright Yamamoto Young Zhang Zimmermann
""")

EMAIL_DOMAINS = (
    ("gmail.com", 40),
    ("outlook.com", 15),
    ("yahoo.com", 10),
    ("icloud.com", 8),
    ("hotmail.com", 6),
    ("protonmail.com", 3),
    ("fastmail.com", 2),
)

COMPANIES = """
Acme Corp|Globex|Initech|Umbrella Health|Stark Studio|Wayne Logistics|Hooli|Vandelay Imports|
Soylent Foods|Cyberdyne Labs|Northwind Traders|Contoso|Fabrikam|Tailspin Toys|Blue Yonder Air|
Litware|Adventure Works|Wide World Importers|Pied Piper|Aperture Science|Dunder Mifflin|Gringotts|
Monarch Solutions|Oceanic Airlines|Massive Dynamic|Prestige Worldwide|Bluth Company|Nakatomi Trading
""".replace("\n", "").split("|")

HEADLINES = (
    "Software Engineer",
    "Product Designer",
    "Marketing Manager",
    "Small Business Owner",
    "Photographer",
    "Teacher",
    "Nurse",
    "Data Analyst",
    "Student",
    "Freelance Writer",
    "Project Manager",
    "Fitness Coach",
    "Accountant",
    "Illustrator",
)

TITLES = ("Dr.", "Prof.", "Coach", "Chef", "Mx.", "Ms.", "Mr.", "")

# Category -> course subjects.
CATALOG = {
    "Business": ("Bookkeeping", "Startup Finance", "Negotiation", "Sales Funnels", "Leadership"),
    "Marketing": ("Email Marketing", "SEO", "Copywriting", "Social Media Ads", "Brand Strategy"),
    "Design": ("Figma", "Typography", "Logo Design", "UX Research", "Color Theory"),
    "Technology": ("Python", "JavaScript", "SQL", "Data Visualization", "Cloud Basics"),
    "Photography": ("Portrait Photography", "Lightroom", "Street Photography", "Lighting"),
    "Health & Fitness": ("Yoga", "Strength Training", "Nutrition", "Running", "Pilates"),
    "Personal Development": ("Public Speaking", "Productivity", "Mindfulness", "Journaling"),
    "Arts & Crafts": ("Watercolor Painting", "Pottery", "Calligraphy", "Knitting", "Drawing"),
    "Music": ("Guitar", "Piano", "Music Production", "Songwriting", "Singing"),
    "Languages": ("Spanish", "French", "Japanese", "German", "Italian"),
    "Cooking": (
        "Sourdough Baking",
        "Knife Skills",
        "Plant-Based Cooking",
        "Pastry",
        "Fermentation",
    ),
}

COURSE_PATTERNS = (
    "Introduction to {}",
    "{} for Beginners",
    "Mastering {}",
    "{} Fundamentals",
    "The Complete {} Course",
    "{} in 30 Days",
    "Advanced {}",
    "{}: From Zero to Pro",
    "Practical {}",
    "{} Masterclass",
)

CHAPTER_NAMES = (
    "Welcome",
    "Getting Started",
    "Core Concepts",
    "Your First Project",
    "Going Deeper",
    "Common Mistakes",
    "Case Studies",
    "Putting It Together",
    "Next Steps",
    "Bonus Material",
)

LESSON_NAMES = (
    "Overview",
    "Setting Up",
    "Key Ideas",
    "Walkthrough",
    "Hands-on Exercise",
    "Tips and Tricks",
    "Worked Example",
    "Recap",
    "Resources",
    "Q&A Recording",
)

# (content type, weight)
CONTENT_TYPES = (
    ("Lesson", 60),
    ("Quiz", 12),
    ("Download", 8),
    ("Pdf", 6),
    ("Assignment", 4),
    ("Survey", 3),
    ("Presentation", 3),
    ("Audio", 2),
    ("HtmlItem", 2),
)

PROMOTIONS = (
    "Black Friday",
    "Spring Sale",
    "Early Bird",
    "Summer Learning",
    "Back to School",
    "New Year Kickstart",
    "Cyber Monday",
    "Student Discount",
    "Partner Offer",
    "Welcome Offer",
    "Flash Sale",
    "Loyalty Reward",
)

GROUP_NAMES = (
    "Cohort",
    "Team",
    "Class",
    "Study Group",
    "Department",
)

PROFILE_FIELDS = (
    ("Country", "text", 0.6),
    ("Phone Number", "text", 0.3),
    ("Job Title", "text", 0.35),
    ("How did you hear about us?", "text", 0.25),
)

COUNTRIES = (
    "Canada",
    "United States",
    "United Kingdom",
    "Germany",
    "France",
    "Spain",
    "Brazil",
    "Mexico",
    "India",
    "Japan",
    "Australia",
    "Nigeria",
    "Kenya",
    "Netherlands",
    "Sweden",
)

REFERRALS = ("Google", "A friend", "YouTube", "Instagram", "Podcast", "Newsletter", "LinkedIn")

REVIEW_TITLES = (
    "Exactly what I needed",
    "Great course",
    "Clear and practical",
    "Good, but a bit fast",
    "Loved the exercises",
    "Worth every penny",
    "Solid introduction",
)
