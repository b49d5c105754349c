"""The site's pages for people: the day's ranking, movies, people, search, users, accounts.

Server-rendered Django templates (`templates/pages/`); the in-place actions on a movie page (stars,
wish list, review) are plain `fetch` calls from `static/watchb/pages.js` to the user REST API under
`/api/`, so the pages hold no write logic of their own.
"""
