;; Drives the README's eglot snippet (eglot_config.el) from Emacs in batch
;; mode, run by lsp/watch_test.go: two migrations of one project share one
;; server, the diagnostics arrive, and eglot accepts the server's file
;; watchers. (Batch Emacs never delivers file-notify events, so a change on
;; disk cannot be shown here; TestClientFileEventsSettle sends the events
;; eglot sends.)
;; Prints one JSON object on stdout and exits.
(require 'package)
(package-initialize)
(require 'json)
(require 'eglot)
(load (expand-file-name "eglot_config.el" (file-name-directory load-file-name)))

(defvar sqlreview-published nil "(URI . DIAGNOSTICS) in arrival order.")
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest args)
              (when (eq method 'textDocument/publishDiagnostics)
                (push (cons (plist-get args :uri) (plist-get args :diagnostics)) sqlreview-published))))

(defun sqlreview-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun sqlreview-count (uri)
  (cl-count-if (lambda (p) (equal (car p) uri)) sqlreview-published))

(defun sqlreview-last (uri)
  (cdr (cl-find-if (lambda (p) (equal (car p) uri)) sqlreview-published)))

(condition-case err
    (let* ((files (list (getenv "SQLREVIEW_FIRST") (getenv "SQLREVIEW_FILE")))
           (bufs (mapcar (lambda (f)
                           (with-current-buffer (find-file-noselect f)
                             (sql-mode)
                             (run-hooks 'post-command-hook)
                             (current-buffer)))
                         files))
           (uri (with-current-buffer (cadr bufs) (eglot--path-to-uri (buffer-file-name))))
           (out nil))
      (unless (sqlreview-wait (lambda () (> (sqlreview-count uri) 0)) 20)
        (error "no diagnostics after open for %s" uri))
      (sqlreview-wait (lambda () nil) 0.3)
      (push (cons "servers" (length (apply #'append (hash-table-values eglot--servers-by-project)))) out)
      (push (cons "sameServer" (if (eq (with-current-buffer (car bufs) (eglot-current-server))
                                        (with-current-buffer (cadr bufs) (eglot-current-server)))
                                    t :json-false))
            out)
      (push (cons "open" (sqlreview-last uri)) out)
      (push (cons "watches" (hash-table-count file-notify-descriptors)) out)
      (princ (json-encode out))
      (kill-emacs 0))
  (error (message "%S" err)
         (dolist (server (apply #'append (hash-table-values eglot--servers-by-project)))
           (with-current-buffer (jsonrpc-events-buffer server)
             (message "%s" (buffer-substring-no-properties (max (point-min) (- (point-max) 6000)) (point-max)))))
         (kill-emacs 1)))
