// Progressive enhancement only: the site works without JavaScript.

// "Copy link" buttons (data-copy-url) copy the address instead of opening a share script.
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy-url]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copyUrl).then(() => {
        button.textContent = "Link copied";
    });
});

// Pages are cached whole, so their forms hold no CSRF token. Fetch this visitor's fresh
// values (CSRF token, render time) from this site and write them into every hidden input
// marked data-fresh="<name>"; a form sent before they arrive waits for them. Without
// JavaScript the server asks the visitor to send the form again (mindful/form_values.py).
const freshInputs = document.querySelectorAll("form[method=post] input[data-fresh]");
let freshValues = null;
let freshArrived = false;
if (freshInputs.length) {
    freshValues = fetch("/form-values/", { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : {}))
        .then((values) => {
            freshInputs.forEach((input) => {
                if (input.dataset.fresh in values) input.value = values[input.dataset.fresh];
            });
        })
        .catch(() => {})
        .finally(() => {
            freshArrived = true;
        });
}
document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!freshValues || freshArrived || !form.querySelector("input[data-fresh]")) return;
    event.preventDefault();
    // Send again in a later task: while a submit event is still being dispatched the
    // browser silently ignores requestSubmit(), and a resolved promise's callback runs
    // before that dispatch ends.
    freshValues.then(() => setTimeout(() => form.requestSubmit(event.submitter)));
});

// The phone menu: one disclosure button shows and hides the main navigation. Without this
// script the button stays hidden and the navigation is a plain list. Escape closes it.
document.querySelectorAll(".menu-toggle").forEach((toggle) => {
    const menu = document.getElementById(toggle.getAttribute("aria-controls"));
    const setOpen = (open) => {
        toggle.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("is-open", open);
        menu.classList.toggle("is-collapsed", !open); // for browsers without (scripting) in CSS
    };
    toggle.hidden = false;
    setOpen(false);
    toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
        setOpen(false);
        toggle.focus();
    });
});

// The comment form warns before sending what looks like the writer's own health details,
// using the same patterns as the server (data attributes). "Post it anyway" sends as it is.
document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-health-pattern]");
    if (!form || (event.submitter && event.submitter.name === "post_anyway")) return;
    const body = (form.elements.body ? form.elements.body.value : "").replace(/\u2019/g, "'");
    if (!new RegExp(form.dataset.healthPattern, "i").test(body)) return;
    event.preventDefault();
    const warning = form.querySelector("[data-comment-warning]");
    const selfHarm = new RegExp(form.dataset.selfHarmPattern, "i").test(body);
    warning.querySelector("[data-self-harm-line]").hidden = !selfHarm;
    warning.hidden = false;
    warning.setAttribute("role", "alert");
    warning.focus();
});
document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-edit-comment]");
    if (!link) return;
    event.preventDefault();
    link.closest("[data-comment-warning]").hidden = true;
    link.closest("form").elements.body.focus();
});
