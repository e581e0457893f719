package xmpp.shell.internal;

/** Why a module was not installed, in one line an operator can act on. */
final class ModuleInstallException extends Exception {

    ModuleInstallException(String message) {
        super(message);
    }
}
