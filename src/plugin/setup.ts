// The setup file the plugin adds to every test file: registers the matchers.
import { registerMatchers } from '../matchers/register.js'

registerMatchers()
