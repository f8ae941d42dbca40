// Progressive enhancement only: the site works without JavaScript.

// "Copy link" buttons (data-copy-url) copy the address instead of opening a share script.
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy-url]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copyUrl).then(() => {
        button.textContent = "Link copied";
    });
});

// The phone menu: one disclosure button shows and hides the main navigation. Without this
// script the button stays hidden and the navigation is a plain list. Escape closes it.
document.querySelectorAll(".menu-toggle").forEach((toggle) => {
    const menu = document.getElementById(toggle.getAttribute("aria-controls"));
    const setOpen = (open) => {
        toggle.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("is-collapsed", !open);
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
