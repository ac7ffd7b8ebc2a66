;; sqlreview for Emacs with eglot: the README's snippet. Eglot starts one
;; server per project (project.el: the version-control root).
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(sql-mode . ("sqlreview" "lsp"))))
(add-hook 'sql-mode-hook #'eglot-ensure)
